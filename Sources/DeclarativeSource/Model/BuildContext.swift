internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Everything components are built with: the config, the template environment, the shared
/// HTTP engine and cache, where events go, and the incoming state.
struct BuildContext: Sendable {
    let manifest: ResolvedManifest
    let config: JSONObject
    let configValue: JinjaValue
    let interpolation: JinjaEnvironment
    let clock: JinjaClock
    let engine: HTTPEngine
    let cache: ResponseCache
    let events: any SourceEvents
    private(set) var stateManager: ConnectorStateManager
    let disableRetries: Bool
    let disableCache: Bool
    /// The manifest's `api_budget`, shared by every stream's requests.
    let apiBudget: APIBudget?
    /// The source's async job slots (`max_concurrent_async_job_count`), shared by every stream.
    let jobTracker: AsyncJobTracker
    /// The wait between two polls of async jobs.
    let asyncJobPollInterval: Duration
    /// The streams the catalog selects, when reading (`nil`: no catalog, as for parent streams).
    var configuredStreams: Set<String>? = nil
    /// The configured catalog's `cursor_field` per stream, for cursors that allow the catalog's.
    var catalogCursorFields: [String: [String]] = [:]
    /// The configured catalog's `json_schema` per stream, for `JsonSchemaPropertySelector`.
    var catalogSchemas: [String: JSONObject] = [:]
    /// Build every branch a stream could take (`validate`): a `StateDelegatingStream`'s two streams.
    var buildsEveryBranch = false
    /// Where a `file_uploader` writes files; `nil` for the CDK's choice (``FileUploader``).
    var filesDirectory: String? = nil

    /// The same context with another state manager (a parent stream's).
    func with(stateManager: ConnectorStateManager) -> BuildContext {
        BuildContext(
            manifest: manifest, config: config, configValue: configValue, interpolation: interpolation,
            clock: clock, engine: engine, cache: cache, events: events, stateManager: stateManager,
            disableRetries: disableRetries, disableCache: disableCache, apiBudget: apiBudget,
            jobTracker: jobTracker, asyncJobPollInterval: asyncJobPollInterval, catalogCursorFields: catalogCursorFields,
            catalogSchemas: catalogSchemas, filesDirectory: filesDirectory)
    }

    /// `_get_catalog_defined_cursor_field`: the catalog's cursor field for `stream` when its
    /// cursor allows one (`allow_catalog_defined_cursor_field`) and the catalog names one.
    func catalogCursorField(for stream: String, allowed: Bool, at node: ComponentNode) throws(ManifestError) -> String? {
        guard allowed, let fields = catalogCursorFields[stream], let first = fields.first, !first.isEmpty else { return nil }
        guard fields.count == 1 else {
            throw node.invalid(
                "allow_catalog_defined_cursor_field",
                "The `\(stream)` stream does not support nested cursor_field. Please specify only a single cursor_field for the stream "
                    + "in the configured catalog.")
        }
        return first
    }

    /// A template evaluated once, when the manifest is built, with the config and `parameters`;
    /// a failure is `owner`'s, at `field`.
    func evaluated(_ text: String, parameters: JSONObject, at owner: ComponentNode, field: String) throws(ManifestError) -> String {
        do {
            return try InterpolatedString(text, parameters: parameters, in: interpolation).eval(configValue).description
        } catch {
            throw owner.invalid(field, "\(error)")
        }
    }

    /// The same context with a stream's incoming state replaced (a migrated one).
    func with(state: JSONObject, for stream: String) -> BuildContext {
        var context = self
        context.stateManager.set(state, for: stream)
        return context
    }
}

/// The incoming state per stream (`ConnectorStateManager`): STREAM messages, GLOBAL ones'
/// stream states, or a LEGACY blob keyed by stream name.
struct ConnectorStateManager: Sendable {
    private var states: [String: JSONObject] = [:]

    init() {}

    init(messages: [JSONValue]) {
        for message in messages {
            guard case .object(let object) = message else { continue }
            let type = object["type"]?.stringValue ?? "LEGACY"
            switch type {
            case "STREAM":
                guard let stream = object["stream"]?.objectValue,
                    let name = stream["stream_descriptor"]?["name"]?.stringValue
                else { continue }
                states[name] = stream["stream_state"]?.objectValue ?? JSONObject()
            case "GLOBAL":
                for case .object(let stream) in object["global"]?["stream_states"]?.arrayValue ?? [] {
                    guard let name = stream["stream_descriptor"]?["name"]?.stringValue else { continue }
                    states[name] = stream["stream_state"]?.objectValue ?? JSONObject()
                }
            default:
                if case .object(let data)? = object["data"] {
                    for (name, value) in data { states[name] = value.objectValue ?? JSONObject() }
                }
            }
        }
    }

    func state(for stream: String) -> JSONObject { states[stream] ?? JSONObject() }

    mutating func set(_ state: JSONObject, for stream: String) { states[stream] = state }
}
