import AirbyteProtocol
import DuckDB
import Foundation

/// Runs syncs through the built `destination-duckdb` executable, the way the
/// platform does: a config and a catalog file, messages on stdin, a real
/// DuckDB file in a temporary folder.
final class DestinationHarness {
    /// The destination failed; `message` is its TRACE ERROR's message.
    struct Failure: Error, CustomStringConvertible {
        let status: Int32
        let message: String
        let output: String
        var description: String { "destination-duckdb exited \(status): \(message)" }
    }

    let folder: URL
    var path: String { folder.appendingPathComponent("out.duckdb").path }
    private let destination = ConnectorProcess("destination-duckdb")
    private var emitted: Int64 = 1_700_000_000_000
    /// Config fields besides `destination_path`.
    var config: JSONObject = [:]

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-dest-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// One sync of `records` (`(stream index, data JSON)`, emitted one millisecond apart, in order).
    /// - Parameters:
    ///   - commitEvery: a STATE of the record's stream after every this many records.
    ///   - completing: the streams whose source reports COMPLETE; `nil` sends no stream statuses
    ///     at all (the destination then completes every stream at the end of input). Streams
    ///     left out are reported STARTED and never finish: an interrupted sync.
    ///   - meta: a record's `meta` JSON by its index in `records`.
    /// - Returns: the destination's stdout lines.
    @discardableResult
    func sync(
        _ catalog: ConfiguredAirbyteCatalog, _ records: [(stream: Int, data: String)],
        commitEvery: Int = .max, completing: [Int]? = nil, meta: [Int: String] = [:]
    ) throws -> [String] {
        let configFile = folder.appendingPathComponent("config.json")
        let catalogFile = folder.appendingPathComponent("catalog.json")
        var config = self.config
        config["destination_path"] = .string(path)
        try JSONValue.object(config).jsonText.write(to: configFile, atomically: true, encoding: .utf8)
        try catalog.json.jsonText.write(to: catalogFile, atomically: true, encoding: .utf8)

        var lines: [String] = []
        let descriptors = catalog.streams.map { $0.stream }
        func status(_ stream: Int, _ value: String) -> String {
            let descriptor = JSONValue.object(["name": .string(descriptors[stream].name)]).jsonText
            return
                #"{"type":"TRACE","trace":{"type":"STREAM_STATUS","emitted_at":1,"stream_status":{"stream_descriptor":\#(descriptor),"status":"\#(value)"}}}"#
        }
        if completing != nil { lines += catalog.streams.indices.map { status($0, "STARTED") } }
        for (index, record) in records.enumerated() {
            let stream = descriptors[record.stream]
            var fields: JSONObject = ["stream": .string(stream.name), "emitted_at": .number(String(emitted))]
            if let namespace = stream.namespace { fields["namespace"] = .string(namespace) }
            emitted += 1
            let envelope = JSONValue.object(["type": "RECORD", "record": .object(fields)]).jsonText
            // Splice the data (and meta) in as written, so tests control every byte of it.
            let data = record.data.replacingOccurrences(of: "\n", with: " ")
            let extra = meta[index].map { #","meta":\#($0)"# } ?? ""
            lines.append(String(envelope.dropLast(2)) + #","data":\#(data)\#(extra)}}"#)
            if (index + 1) % commitEvery == 0 {
                let descriptor = JSONValue.object(["name": .string(stream.name)]).jsonText
                lines.append(
                    #"{"type":"STATE","state":{"type":"STREAM","stream":{"stream_descriptor":\#(descriptor),"stream_state":{"at":\#(index)}}}}"#
                )
            }
        }
        for stream in completing ?? [] { lines.append(status(stream, "COMPLETE")) }

        let output = try destination.run(
            ["write", "--config", configFile.path, "--catalog", catalogFile.path],
            input: Data(lines.joined(separator: "\n").utf8))
        guard output.status == 0 else {
            let error = output.messages(ofType: "TRACE").compactMap {
                (($0["trace"] as? [String: Any])?["error"] as? [String: Any])?["message"] as? String
            }.first
            throw Failure(status: output.status, message: error ?? output.stderr, output: output.stdout)
        }
        return output.lines
    }

    func rows(_ sql: String) throws -> [[DuckDBValue]] {
        try Database(path: path).connect().query(sql).rows()
    }

    static func stream(
        _ name: String, namespace: String? = nil, properties: JSONObject,
        mode: DestinationSyncMode = .append, primaryKey: [[String]]? = nil, cursor: [String]? = nil,
        generation: Int64? = nil, minimumGeneration: Int64? = nil
    ) -> ConfiguredAirbyteStream {
        let stream = AirbyteStream(
            name: name, jsonSchema: ["type": "object", "properties": .object(properties)],
            supportedSyncModes: [.fullRefresh, .incremental], namespace: namespace)
        return ConfiguredAirbyteStream(
            stream: stream, syncMode: cursor == nil ? .fullRefresh : .incremental, cursorField: cursor,
            destinationSyncMode: mode, primaryKey: primaryKey,
            generationId: generation, minimumGenerationId: minimumGeneration, syncId: 42)
    }
}
