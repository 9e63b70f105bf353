import DuckDB
import Foundation

/// Writes a query's rows to stdout as CSV, a JSON array or JSON lines,
/// chunk by chunk, so results of any size stream through.
struct QueryOutput {
    let format: Query.Format

    /// Writes up to `limit` rows (all without one) and counts the rest.
    func write(_ result: QueryResult, limit: Int?) throws(DuckDBError) -> (printed: Int, omitted: Int) {
        let columns = result.columns
        var buffer = ""
        var printed = 0
        var omitted = 0
        switch format {
        case .csv: buffer += columns.map { csvField($0.name) }.joined(separator: ",") + "\n"
        case .json: buffer += "["
        default: break
        }
        while let chunk = try result.nextChunk() {
            let wanted = limit.map { max(0, min(chunk.rowCount, $0 - printed)) } ?? chunk.rowCount
            for row in 0..<wanted {
                let values = (0..<chunk.columnCount).map { chunk[row: row, column: $0] }
                switch format {
                case .csv: buffer += values.map { $0.isNull ? "" : csvField($0.text) }.joined(separator: ",") + "\n"
                case .json: buffer += (printed == 0 ? "\n" : ",\n") + object(values, columns: columns)
                default: buffer += object(values, columns: columns) + "\n"
                }
                printed += 1
            }
            omitted += chunk.rowCount - wanted
            if buffer.utf8.count > 1 << 16 { flush(&buffer) }
        }
        if format == .json { buffer += printed == 0 ? "]\n" : "\n]\n" }
        flush(&buffer)
        return (printed, omitted)
    }

    /// A row as a JSON object; JSON columns are embedded as JSON, not as strings.
    private func object(_ values: [DuckDBValue], columns: [QueryResult.Column]) -> String {
        "{"
            + zip(columns, values).map { column, value in
                let json = if column.type == .json, case .varchar(let text) = value { text } else { value.jsonText }
                return DuckDBValue.jsonString(column.name) + ":" + json
            }.joined(separator: ",") + "}"
    }

    /// RFC 4180: quoted when it holds a comma, a quote or a line break.
    private func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }

    private func flush(_ buffer: inout String) {
        FileHandle.standardOutput.write(Data(buffer.utf8))
        buffer = ""
    }
}
