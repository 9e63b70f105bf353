public import AirbyteProtocol
public import DeclarativeManifest
internal import Foundation

extension DeclarativeSource {
    /// The outcome of `check`: a CONNECTION_STATUS, or a failure that ends the process.
    public enum CheckOutcome: Sendable {
        case succeeded
        case failed(String)
    }

    /// `CheckStream`: reads the first record of the first partition of each named stream.
    public func check(sink: any MessageSink) async -> CheckOutcome {
        let now = options.now
        let output = MessageOutput(sink: sink, nowMilliseconds: { Double(now()) / 1000 }, masker: secretMasker())
        defer { sink.flush() }
        if let problem = configProblems() { return .failed(problem) }
        guard case .object(let check)? = manifest.root["check"] else {
            return .failed("Missing 'check' component definition within the manifest.")
        }
        let node = ComponentNode(check, path: "check")
        do {
            _ = try node.requireType(["CheckStream"], role: "check")
        } catch {
            return .failed("\(error)")
        }
        var names = (try? node.stringList("stream_names")) ?? []
        if case .array(let configured)? = config["__airbyte_check_stream_names"], !configured.isEmpty {
            names = configured.compactMap(\.stringValue)
        }
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let streams: [DeclarativeStream]
        do {
            streams = try await buildStreams(try makeContext(events: output, state: ConnectorStateManager(), engine: engine))
        } catch {
            return .failed("'Encountered an error while discovering streams. Error: \(error)'")
        }
        if streams.isEmpty { return .failed("No streams to connect to from source") }
        for name in names {
            guard let stream = streams.first(where: { $0.name == name }) else {
                return .failed("\(name) is not part of the catalog. Expected one of \(streams.map(\.name)).")
            }
            do {
                try await firstRecord(of: stream)
            } catch {
                let failure = SourceFailure.from(error, stream: name)
                return .failed("'Stream \(name) is not available: \(output.mask(failure.message))'")
            }
        }
        return .succeeded
    }

    /// Reads until the first record of the first slice (`check_availability`).
    private func firstRecord(of stream: DeclarativeStream) async throws {
        struct Found: Error {}
        do {
            try await stream.forEachSlice { slice in
                try await stream.readPartition(slice) { records in
                    if !records.isEmpty { throw Found() }
                }
                throw Found()
            }
        } catch is Found {
            return
        }
    }

    /// `discover`: every stream with its schema, sync modes, cursor and primary key. A
    /// stream with a `DynamicSchemaLoader` reads its schema from the API.
    public func discover() async throws -> JSONObject {
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let context = try makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        let streams = try await buildStreams(context)
        var listed: [JSONValue] = []
        for stream in streams { listed.append(try await stream.airbyteStream()) }
        return ["streams": .array(listed)]
    }
}
