public import AirbyteProtocol
internal import ConnectorKit
public import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// A source defined by a declarative (low-code) manifest, run natively: the Swift
/// counterpart of the Python CDK's `ConcurrentDeclarativeSource`.
///
/// ```swift
/// let manifest = try ResolvedManifest(contentsOfFile: "manifest.yaml")
/// let source = try DeclarativeSource(manifest: manifest, config: config)
/// let sink = FileDescriptorSink()
/// let succeeded = await source.read(catalog: catalog, state: [], sink: sink)
/// ```
///
/// Every component the manifest's streams use is built when the source is created, so a
/// manifest that needs Python code (`Custom*` components, `class_name`) or a component this
/// engine does not implement is refused then, with the component's path.
public final class DeclarativeSource: Sendable {
    public let manifest: ResolvedManifest
    public let config: JSONObject
    let options: Options

    /// How the source runs.
    public struct Options: Sendable {
        /// The clock behind `now_utc()` and the cursors' end dates (microseconds since the epoch).
        public var now: @Sendable () -> Int64
        /// Partitions read at once when the manifest sets no `concurrency_level`.
        public var defaultConcurrency: Int
        /// The wait between two polls of an `AsyncRetriever`'s jobs (the CDK's is 5 seconds).
        public var asyncJobPollInterval: Duration = .seconds(5)
        /// Where a stream's `file_uploader` writes the files it fetches; `nil` (the default) for
        /// the CDK's choice: `$AIRBYTE_STAGING_DIRECTORY` (`/staging/files` unless set) when it
        /// exists, else `/tmp/airbyte-file-transfer`.
        public var filesDirectory: String? = nil

        /// The system clock, in microseconds since the epoch.
        public static let systemNow: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000_000) }

        public init(now: @escaping @Sendable () -> Int64 = Options.systemNow, defaultConcurrency: Int = 2) {
            self.now = now
            self.defaultConcurrency = defaultConcurrency
        }
    }

    public init(manifest: ResolvedManifest, config: JSONObject, options: Options = Options()) {
        self.manifest = manifest
        self.config = config
        self.options = options
    }

    // MARK: spec

    /// The manifest's `spec` as a SPEC message's `spec` object.
    public func spec() throws(ManifestError) -> JSONObject {
        guard case .object(let spec)? = manifest.root["spec"] else {
            throw ManifestError(.invalidComponent, at: "spec", "The manifest has no `spec`")
        }
        var result = JSONObject()
        if let documentation = spec["documentation_url"] { result["documentationUrl"] = documentation }
        result["connectionSpecification"] = spec["connection_specification"] ?? .object(JSONObject())
        if case .object(var advanced)? = spec["advanced_auth"] {
            advanced["type"] = nil
            advanced["$parameters"] = nil
            result["advanced_auth"] = .object(advanced)
        }
        return result
    }

    // MARK: Building

    func makeContext(
        events: any SourceEvents, state: ConnectorStateManager, engine: HTTPEngine
    ) throws(ManifestError) -> BuildContext {
        let now = options.now
        let clock = JinjaClock(epochMicroseconds: now)
        let interpolation = JinjaEnvironment.airbyte(clock: clock)
        let configValue = JinjaValue(config)
        return BuildContext(
            manifest: manifest, config: config, configValue: configValue,
            interpolation: interpolation, clock: clock,
            engine: engine, cache: ResponseCache(), events: events, stateManager: state,
            disableRetries: false, disableCache: false,
            apiBudget: try APIBudget.make(manifest.root["api_budget"], config: configValue, interpolation: interpolation),
            jobTracker: AsyncJobTracker.make(
                manifest.root["max_concurrent_async_job_count"], config: configValue, interpolation: interpolation, events: events),
            asyncJobPollInterval: options.asyncJobPollInterval, filesDirectory: options.filesDirectory)
    }

    /// The manifest's stream definitions (`streams`, then `dynamic_streams`), each with its path;
    /// dynamic streams from the API come from `fetched`.
    ///
    /// A `ConditionalStreams` entry gives its `streams` when its `condition` holds for the config
    /// (the CDK's `_stream_configs`), or every branch's with `everyConditionalBranch` (`validate`,
    /// which has no real config and must still refuse what a branch cannot run).
    func streamNodes(
        fetched: DynamicStreams.FetchedComponents = [:], everyConditionalBranch: Bool = false, includingDynamic: Bool = true
    ) throws(ManifestError) -> [ComponentNode] {
        let streams: [JSONValue]
        switch manifest.root["streams"] {
        case .array(let list)?: streams = list
        case nil where manifest.root["dynamic_streams"] != nil: streams = []
        default: throw ManifestError(.invalidComponent, at: "streams", "The manifest has no `streams`")
        }
        let interpolation = JinjaEnvironment.airbyte(clock: JinjaClock(epochMicroseconds: options.now))
        var nodes: [ComponentNode] = []
        for (index, value) in streams.enumerated() {
            guard case .object(var object) = value else {
                throw ManifestError(.invalidComponent, at: "streams[\(index)]", "A stream must be a mapping")
            }
            if object["type"] == .string("ConditionalStreams") {
                let conditional = ComponentNode(object, path: "streams[\(index)]")
                let chosen = try everyConditionalBranch ? true : conditionHolds(conditional, interpolation)
                if chosen { nodes += try conditional.componentList("streams") }
                continue
            }
            if object["type"] == nil { object["type"] = "DeclarativeStream" }
            nodes.append(ComponentNode(object, path: "streams[\(index)]"))
        }
        guard includingDynamic else { return nodes }
        return nodes + (try DynamicStreams.resolve(manifest, config: config, interpolation: interpolation, fetched: fetched))
    }

    /// A `ConditionalStreams` condition, evaluated with the config and no parameters as the CDK does.
    private func conditionHolds(_ conditional: ComponentNode, _ interpolation: JinjaEnvironment) throws(ManifestError) -> Bool {
        let condition: InterpolatedBoolean
        switch conditional["condition"] {
        case .bool(let value)?: condition = InterpolatedBoolean(value)
        case .string(let template)?: condition = InterpolatedBoolean(template, parameters: JSONObject(), in: interpolation)
        default: throw conditional.invalid("condition", "ConditionalStreams requires a `condition` string")
        }
        do {
            return try condition.eval(JinjaValue(config))
        } catch {
            throw ManifestError(.invalidComponent, at: conditional.fieldPath("condition"), "\(error)", underlying: error)
        }
    }

    /// Streams read as parents get the response cache, as the CDK enables `use_cache` for them.
    func parentStreamNames(_ nodes: [ComponentNode]) -> Set<String> {
        var names: Set<String> = []
        func visitRouter(_ value: JSONValue?) {
            switch value {
            case .array(let routers)?: for router in routers { visitRouter(router) }
            case .object(let router)?:
                for case .object(let parent) in router["parent_stream_configs"]?.arrayValue ?? [] {
                    if let name = parent["stream"]?["name"]?.stringValue { names.insert(name) }
                }
                // Composed routers' own children: a union's routers, a grouping's underlying one.
                visitRouter(router["partition_routers"])
                visitRouter(router["underlying_partition_router"])
            default: break
            }
        }
        for node in nodes { visitRouter(node["retriever"]?["partition_router"]) }
        return names
    }

    /// Builds every stream (`streams()`), refusing what cannot run; dynamic streams whose
    /// components come from the API are read from it first.
    func buildStreams(_ context: BuildContext) async throws -> [DeclarativeStream] {
        let fetched = try await DynamicStreams.fetch(manifest, factory: StreamFactory(context: context))
        return try buildStreams(context, fetched: fetched)
    }

    /// Builds the streams, with the API resolvers' components already read (none: `validate`);
    /// only those `selecting` keeps of the stream definitions, when given.
    func buildStreams(
        _ context: BuildContext, fetched: DynamicStreams.FetchedComponents, everyConditionalBranch: Bool = false,
        includingDynamic: Bool = true, selecting: (([ComponentNode]) -> [ComponentNode])? = nil
    ) throws(ManifestError) -> [DeclarativeStream] {
        if let rules = try ConfigNormalization(manifest, interpolation: context.interpolation) {
            do {
                try rules.validate(config)
            } catch {
                throw ManifestError(.invalidComponent, at: "spec.config_normalization_rules.validations", "\(error)", underlying: error)
            }
        }
        let nodes = try streamNodes(fetched: fetched, everyConditionalBranch: everyConditionalBranch, includingDynamic: includingDynamic)
        let parents = parentStreamNames(nodes)
        let factory = StreamFactory(context: context)
        var streams: [DeclarativeStream] = []
        for node in selecting?(nodes) ?? nodes {
            let name = node["name"]?.stringValue ?? ""
            let useCache = parents.contains(name) && node["retriever"]?["requester"]?["use_cache"] != .bool(false)
            streams.append(try factory.makeStream(node, useCache: useCache))
        }
        try StreamGroups.validate(manifest, streams: streams)
        return streams
    }

    /// Checks that every component can be built, without network access.
    public func validate() throws(ManifestError) {
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        var context = try makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        context.buildsEveryBranch = true
        _ = try buildStreams(context, fetched: [:], everyConditionalBranch: true)
        try DynamicStreams.validateResolvers(manifest, factory: StreamFactory(context: context), interpolation: context.interpolation)
    }

    /// `config` after the spec's `config_normalization_rules` (the CDK's `migrate_config`
    /// then `transform_config`): `migrated` is the config to persist (and announce in a
    /// CONNECTOR_CONFIG control message) when a migration changed it; `config` is the one to
    /// run with.
    public static func normalizedConfig(
        _ config: JSONObject, manifest: ResolvedManifest, now: @escaping @Sendable () -> Int64 = Options.systemNow
    ) throws -> (migrated: JSONObject?, config: JSONObject) {
        let interpolation = JinjaEnvironment.airbyte(clock: JinjaClock(epochMicroseconds: now))
        guard let rules = try ConfigNormalization(manifest, interpolation: interpolation) else { return (nil, config) }
        return try rules.apply(to: config)
    }

    /// The config checked against the spec's `connection_specification` (the CDK's
    /// `check_config_against_spec_or_exit`): `nil` when it conforms (or the manifest has no
    /// spec), else a message naming every problem.
    public func configProblems() -> String? {
        guard case .object(let spec)? = manifest.root["spec"], let connection = spec["connection_specification"] else { return nil }
        let problems = ConfigValidator(connectionSpecification: connection).validate(.object(config))
        if problems.isEmpty { return nil }
        return "Config validation error: " + problems.map(\.description).joined(separator: "; ")
    }

    /// Masks the config's secrets in logs and errors.
    func secretMasker() -> SecretMasker {
        guard case .object(let spec)? = manifest.root["spec"], let connection = spec["connection_specification"] else {
            return SecretMasker(secrets: [])
        }
        return ConfigValidator(connectionSpecification: connection).secretMasker(for: .object(config))
    }
}

struct NullEvents: SourceEvents {
    func log(_ level: SourceLogLevel, _ message: String) {}
    func error(_ failure: SourceFailure) {}
    func rateLimited(stream: String) {}
    func configUpdated(_ config: JSONValue) {}
}
