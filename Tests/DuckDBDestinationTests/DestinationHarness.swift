import DestinationKit
import DuckDB
import Foundation
@testable import DuckDBDestination

/// Drives the DuckDB destination the way the kit does (write, commit, complete,
/// close), with records scanned from JSON lines by the real `MessageReader`,
/// against a real DuckDB file in a temporary folder.
final class DestinationHarness {
    let folder: URL
    var path: String { folder.appendingPathComponent("out.duckdb").path }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-dest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func destination(_ extra: [String: JSONValue] = [:]) throws -> DuckDBDestination {
        var config: JSONObject = ["destination_path": .string(path), "schema": "main"]
        for (key, value) in extra { config[key] = value }
        return try DuckDBDestination(config: .object(config), log: .discarding)
    }

    /// Writes `records` (`(stream index, data JSON)`, emitted in order) and
    /// commits after every `commitEvery` records; completes `completing` streams unless nil.
    func sync(_ catalog: ConfiguredAirbyteCatalog, _ records: [(stream: Int, data: String)],
              commitEvery: Int = .max, completing: [Int]? = nil, close: Bool = true) throws {
        let writer = try destination().makeWriter(catalog: catalog)
        let lines = records.enumerated().map { index, record in
            let stream = catalog.streams[record.stream].stream
            let namespace = stream.namespace.map { ",\"namespace\":\(JSONValue.string($0).jsonText)" } ?? ""
            return "{\"type\":\"RECORD\",\"record\":{\"stream\":\(JSONValue.string(stream.name).jsonText)\(namespace),\"emitted_at\":\(1_700_000_000_000 + index),\"data\":\(record.data.replacingOccurrences(of: "\n", with: " "))}}"
        }
        let reader = MessageReader(bytes: Array(lines.joined(separator: "\n").utf8))
        var written = 0
        while let message = try reader.next() {
            guard case .record(let record) = message.content else { continue }
            try writer.write(record, stream: records[written].stream)
            written += 1
            if written % commitEvery == 0 { try writer.commit() }
        }
        try writer.commit()
        for stream in completing ?? Array(catalog.streams.indices) { try writer.completeStream(stream) }
        if close { try writer.close() } else { writer.abort() }
    }

    func rows(_ sql: String) throws -> [[DuckDBValue]] {
        try Database(path: path).connect().query(sql).rows()
    }

    static func stream(_ name: String, namespace: String? = nil, properties: JSONObject,
                       mode: DestinationSyncMode = .append, primaryKey: [[String]]? = nil, cursor: [String]? = nil,
                       generation: Int64? = nil, minimumGeneration: Int64? = nil) -> ConfiguredAirbyteStream {
        var stream = AirbyteStream(name: name, jsonSchema: ["type": "object", "properties": .object(properties)],
                                   supportedSyncModes: [.fullRefresh, .incremental])
        stream.namespace = namespace
        return ConfiguredAirbyteStream(stream: stream, syncMode: cursor == nil ? .fullRefresh : .incremental, cursorField: cursor,
                                       destinationSyncMode: mode, primaryKey: primaryKey,
                                       generationId: generation, minimumGenerationId: minimumGeneration, syncId: 42)
    }
}
