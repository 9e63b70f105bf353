/// A file format ``Cache/export(stream:source:to:format:)`` writes, with DuckDB's `COPY`.
public enum ExportFormat: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Apache Parquet.
    case parquet
    /// Comma-separated values with a header row.
    case csv
    /// Newline-delimited JSON: one object per row and line.
    case jsonl
    /// One JSON array of row objects.
    case json

    /// The format a file name's extension stands for: `.parquet`, `.csv`,
    /// `.jsonl` / `.ndjson`, `.json`; `nil` for any other.
    public init?(path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return nil }
        switch name[name.index(after: dot)...].lowercased() {
        case "parquet": self = .parquet
        case "csv": self = .csv
        case "jsonl", "ndjson": self = .jsonl
        case "json": self = .json
        default: return nil
        }
    }

    public var description: String { rawValue }

    /// The options of DuckDB's `COPY … TO` for this format.
    var copyOptions: String {
        switch self {
        case .parquet: "FORMAT parquet"
        case .csv: "FORMAT csv, HEADER true"
        case .jsonl: "FORMAT json"
        case .json: "FORMAT json, ARRAY true"
        }
    }
}
