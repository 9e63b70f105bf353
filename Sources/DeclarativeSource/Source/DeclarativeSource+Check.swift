public import AirbyteProtocol
internal import ConnectorKit
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

extension DeclarativeSource {
    /// The outcome of `check`: a CONNECTION_STATUS, or a failure that ends the process.
    public enum CheckOutcome: Sendable {
        /// The connection works: a SUCCEEDED status.
        case succeeded
        /// The connection failed: a FAILED status with this message.
        case failed(String)
        /// The manifest itself is at fault (a check that overrides reserved config): an error
        /// TRACE and no status, as the CDK raises it.
        case manifestError(String)
    }

    /// `check`: the manifest's `CheckStream` (the first record of each named stream, then of the
    /// dynamic streams its `dynamic_streams_check_configs` name) or `CheckDynamicStream` (the
    /// first `stream_count` streams), with the check's `config_overrides` laid over the config.
    public func check(sink: any MessageSink) async -> CheckOutcome {
        // The status names no secret (`filter_secrets`, CDK 7.3x): a validation error may quote one.
        if let problem = configProblems() { return .failed(secretMasker().mask(problem)) }
        guard case .object(var check)? = manifest.root["check"] else {
            return .failed("Missing 'check' component definition within the manifest.")
        }
        if check["type"] == nil { check["type"] = "CheckStream" }
        let node = ComponentNode(check, path: "check")
        do {
            _ = try node.requireType(["CheckStream", "CheckDynamicStream"], role: "check")
        } catch {
            return .failed("\(error)")
        }
        guard case .object(let overrides)? = check["config_overrides"], !overrides.isEmpty else {
            return await runCheck(node, sink: sink)
        }
        // `_config_overridden_for_check`: values as they are, one level deep, for the check only.
        let reserved = overrides.keys.filter { $0.hasPrefix("__airbyte") }.sorted()
        if !reserved.isEmpty {
            return .manifestError(
                "This connector's manifest is invalid: its check component overrides the reserved config key(s) "
                    + "\(Self.listLiteral(reserved)). Keys prefixed with `__airbyte` belong to the platform, not to the "
                    + "connector's spec. This is a bug in the connector rather than in this connection's settings.")
        }
        if Self.writesConfigBack(.object(manifest.root)) {
            return .manifestError(
                "This connector's manifest is invalid: `config_overrides` cannot be used by a manifest that declares a "
                    + "`refresh_token_updater`. A token refresh during `check` emits the whole config it was handed as a "
                    + "CONNECTOR_CONFIG control message, which the platform persists, so the check-only override(s) "
                    + "\(Self.listLiteral(Array(overrides.keys))) would be saved as this connection's config and applied to "
                    + "every later sync. This is a bug in the connector rather than in this connection's settings.")
        }
        var overridden = config
        for (key, value) in overrides { overridden[key] = value }
        return await DeclarativeSource(manifest: manifest, config: overridden, options: options).runCheck(node, sink: sink)
    }

    /// Python's `repr` of a message, as the CDK puts a checker's reason in the status.
    private static func repr(_ message: String) -> String { JinjaValue.string(message).pythonRepr }

    /// Python's `sorted(keys)` as a list literal.
    private static func listLiteral(_ keys: [String]) -> String {
        "[" + keys.sorted().map { JinjaValue.string($0).pythonRepr }.joined(separator: ", ") + "]"
    }

    /// Whether an OAuth authenticator anywhere in the manifest writes the config back
    /// (`refresh_token_updater`), which would persist a check's overrides.
    private static func writesConfigBack(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object):
            if let updater = object["refresh_token_updater"], updater != .null, object["type"] == "OAuthAuthenticator" { return true }
            return object.contains { writesConfigBack($0.value) }
        case .array(let items): return items.contains(where: writesConfigBack)
        default: return false
        }
    }

    private func runCheck(_ node: ComponentNode, sink: any MessageSink) async -> CheckOutcome {
        let now = options.now
        let output = MessageOutput(sink: sink, nowMilliseconds: { Double(now()) / 1000 }, masker: secretMasker())
        defer { sink.flush() }
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        var names = (try? node.stringList("stream_names")) ?? []
        if case .array(let configured)? = config["__airbyte_check_stream_names"], !configured.isEmpty {
            names = configured.compactMap(\.stringValue)
        }
        let streams: [DeclarativeStream]
        let nodes: [ComponentNode]
        do {
            let context = try makeContext(events: output, state: ConnectorStateManager(), engine: engine)
            // CDK 7.3x builds only what the check reads: the named streams when all are static
            // (no dynamic stream resolved), or a dynamic check's first `stream_count` streams.
            let staticNames = Set(try streamNodes(includingDynamic: false).compactMap { $0["name"]?.stringValue })
            let dynamicCount = (try? node.optionalInt("stream_count")) ?? nil ?? 0
            if node.type == "CheckStream", node["dynamic_streams_check_configs"]?.arrayValue?.isEmpty ?? true, !names.isEmpty,
                names.allSatisfy(staticNames.contains)
            {
                let selected = Set(names)
                streams = try buildStreams(context, fetched: [:], includingDynamic: false) { nodes in
                    nodes.filter { selected.contains($0["name"]?.stringValue ?? "") }
                }
                nodes = []
            } else {
                let fetched = try await DynamicStreams.fetch(manifest, factory: StreamFactory(context: context))
                let firstOnly =
                    node.type == "CheckDynamicStream" && (try? node.bool("use_check_availability", default: true)) != false
                    && dynamicCount >= 1
                streams = try buildStreams(context, fetched: fetched) { nodes in firstOnly ? Array(nodes.prefix(dynamicCount)) : nodes }
                nodes = try streamNodes(fetched: fetched)
            }
        } catch {
            return .failed(Self.repr("Encountered an error while discovering streams. Error: \(error)"))
        }
        func unavailable(_ stream: DeclarativeStream) async -> String? {
            do {
                try await firstRecord(of: stream)
                return nil
            } catch {
                return output.mask(SourceFailure.from(error, stream: stream.name).message)
            }
        }
        if node.type == "CheckDynamicStream" {
            if streams.isEmpty { return .failed(Self.repr("No streams to connect to from source")) }
            guard (try? node.bool("use_check_availability", default: true)) ?? true else { return .succeeded }
            let count = (try? node.optionalInt("stream_count")) ?? nil ?? 0
            for stream in streams.prefix(max(0, count)) {
                if let reason = await unavailable(stream) { return .failed(Self.repr("Stream \(stream.name) is not available: \(reason)")) }
            }
            return .succeeded
        }
        if streams.isEmpty { return .failed("No streams to connect to from source") }
        for name in names {
            guard let stream = streams.first(where: { $0.name == name }) else {
                return .failed("\(name) is not part of the catalog. Expected one of \(streams.map(\.name)).")
            }
            if let reason = await unavailable(stream) { return .failed(Self.repr("Stream \(name) is not available: \(reason)")) }
        }
        // `_check_dynamic_streams_availability`: the streams each named dynamic definition generated.
        let definitions = (manifest.root["dynamic_streams"]?.arrayValue ?? []).enumerated().map { index, definition in
            definition["name"]?.stringValue ?? "dynamic_stream_\(index)"
        }
        for case .object(let checkConfig) in node["dynamic_streams_check_configs"]?.arrayValue ?? [] {
            let name = checkConfig["dynamic_stream_name"]?.stringValue ?? ""
            guard let index = definitions.firstIndex(of: name) else {
                return .failed(Self.repr("Dynamic stream \(name) is not found in manifest."))
            }
            let generated = zip(nodes, streams).filter { $0.0.path.hasPrefix("dynamic_streams[\(index)][") }.map(\.1)
            let count = checkConfig["stream_count"].flatMap { Int($0.jsonText) } ?? generated.count
            for stream in generated.prefix(max(0, count)) {
                if let reason = await unavailable(stream) {
                    return .failed(Self.repr("Dynamic Stream \(stream.name) is not available: \(reason)"))
                }
            }
        }
        return .succeeded
    }

    /// Reads until the first record of the first slice (`check_availability`); a stream
    /// without any slice is unavailable, as in the CDK.
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
        throw SourceFailure.system("Cannot attempt to connect to stream \(stream.name) - no stream slices were found")
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
