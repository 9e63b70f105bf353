import Foundation
import Swiftbyte

/// The summary `read` and `sync` print at the end: a table for people, or JSON.
struct RunSummary: Encodable {
    struct Stream: Encodable {
        var name: String
        var namespace: String?
        var records: Int
        var seconds: Double
        var recordsPerSecond: Double
        /// `schema.table` in the cache; nil after a sync (the destination names its tables).
        var table: String?

        enum CodingKeys: String, CodingKey {
            case name, namespace, records, seconds, table
            case recordsPerSecond = "records_per_second"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(name, forKey: .name)
            try container.encodeIfPresent(namespace, forKey: .namespace)
            try container.encode(records, forKey: .records)
            try container.encode(seconds, forKey: .seconds)
            try container.encode(recordsPerSecond, forKey: .recordsPerSecond)
            try container.encode(table, forKey: .table)  // null after a sync, rather than absent
        }

        init(_ stream: ReadResult.Stream) {
            name = stream.name
            namespace = stream.namespace
            records = stream.recordCount
            seconds = stream.duration.secondsValue
            recordsPerSecond = stream.recordsPerSecond
            table = stream.tableName.isEmpty ? nil : stream.tableName
        }
    }

    var command: String
    var source: String
    /// The cache file (read) or the destination connector (sync).
    var destination: String
    var streams: [Stream]
    var records: Int
    var seconds: Double
    var statesSaved: Int

    enum CodingKeys: String, CodingKey {
        case command, source, destination, streams, records, seconds
        case statesSaved = "states_saved"
    }

    init(read result: ReadResult, source: String, cache: String) {
        command = "read"
        self.source = source
        destination = cache
        streams = result.streams.map(Stream.init)
        records = result.recordCount
        seconds = result.duration.secondsValue
        statesSaved = result.savedStates
    }

    init(sync result: SyncResult, source: String) {
        command = "sync"
        self.source = source
        destination = result.destination
        streams = result.streams.map(Stream.init)
        records = result.recordCount
        seconds = result.duration.secondsValue
        statesSaved = result.savedStates
    }

    /// Prints the summary as `output` asks: JSON, a table, or nothing.
    func print(_ output: OutputOptions) {
        if output.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Swift.print(String(decoding: (try? encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self))
        } else if !output.quiet {
            Swift.print(table)
        }
    }

    /// One line per stream (`namespace.name`, records, seconds, records/s, table), then the totals.
    var table: String {
        let header = ["stream", "records", "seconds", "records/s", "table"]
        let rows = streams.map { stream in
            [
                stream.namespace.map { "\($0).\(stream.name)" } ?? stream.name, "\(stream.records)", Self.format(stream.seconds),
                Self.format(stream.recordsPerSecond, digits: 0),
                stream.table ?? "-",
            ]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return (column == 0 || column == cells.count - 1) ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(header)] + rows.map(line)
        let verb = command == "read" ? "Read" : "Synced"
        lines.append("\(verb) \(records) record(s) into \(destination) in \(Self.format(seconds)) s; saved \(statesSaved) state(s).")
        return lines.joined(separator: "\n")
    }

    static func format(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}

extension Duration {
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
