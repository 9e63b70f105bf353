public import AirbyteProtocol
import ConnectorKit
public import DestinationKit
public import Logging
import Synchronization

/// An Airbyte source connector, ready to run with a validated config.
///
/// ```swift
/// let source = try await Source.resolve("source-faker", config: ["count": 50])
/// try await source.check()
/// for stream in try await source.streams { print(stream) }
/// try await source.select(["users", "purchases"])
/// let catalog = try await source.configuredCatalog()
/// let summary = try await source.read(catalog: catalog) { message in … }
/// ```
///
/// Each command runs the connector as a process of its own, with the config,
/// catalog and state in private temporary files (mode 0600) removed
/// afterwards. The connector's LOG and TRACE messages go to the logger it is given;
/// every text that leaves a `Source` — logs, errors, ``redactedConfig`` — has
/// the config's secrets masked.
public final class Source: Sendable {
    /// The connector's name, such as `source-faker`.
    public let name: String
    /// How the connector runs.
    public let executor: any ConnectorExecutor
    /// The connector's specification, from its `spec`.
    public let specification: ConnectorSpecification
    /// The config the connector is given: secrets resolved, defaults filled in,
    /// valid against ``specification``. It holds secrets: show ``redactedConfig`` instead.
    public let config: JSONValue
    /// Hides the config's secrets (those the specification marks, and those
    /// resolved from `secret_reference::`) in any text.
    public let secretMasker: SecretMasker
    /// How long a connector asked to stop (SIGTERM) has before it is killed (SIGKILL).
    public let terminationGracePeriod: Duration

    let runner: ConnectorRunner
    private let selection = Mutex<Selection>(Selection())

    private struct Selection {
        var catalog: AirbyteCatalog?
        /// Selected stream names; `nil` selects every stream.
        var names: [String]?
    }

    init(
        name: String, executor: any ConnectorExecutor, specification: ConnectorSpecification, config: JSONValue,
        secretMasker: SecretMasker, runner: ConnectorRunner
    ) {
        self.name = name
        self.executor = executor
        self.specification = specification
        self.config = config
        self.secretMasker = secretMasker
        self.terminationGracePeriod = runner.gracePeriod
        self.runner = runner
    }

    /// The connector named `name`, prepared to run (installed if needed), with
    /// `config` resolved and validated against its specification.
    ///
    /// Without an `executor`, an executable named `name` on PATH is used if
    /// there is one, and otherwise ``PythonConnector`` installs it from PyPI
    /// (`airbyte-<name>`).
    ///
    /// - Parameters:
    ///   - name: The connector, such as `source-faker`.
    ///   - config: The config; `secret_reference::NAME` values and missing
    ///     required secrets are filled from `secrets`.
    ///   - executor: How to run it; chosen from `name` by default.
    ///   - secrets: Where secrets the config refers to or lacks are found;
    ///     nowhere by default (see `SecretResolver`).
    ///   - logger: Where the connector's LOG messages (at their level), its
    ///     errors, skipped lines and the install's progress go, masked, with
    ///     the metadata `connector` set to `name`; nowhere by default.
    ///   - terminationGracePeriod: How long the connector has to stop after
    ///     SIGTERM (on cancellation or a failing consumer) before SIGKILL.
    /// - Throws: ``ExecutorError`` when the connector cannot be made to run;
    ///   ``SourceError`` when its `spec` fails; `ConfigError` when the config
    ///   cannot be read, a secret is missing, or it breaks the specification —
    ///   always before the connector is given the config.
    public static func resolve(
        _ name: String, config: ConfigInput = .empty, executor: (any ConnectorExecutor)? = nil,
        secrets: SecretResolver = SecretResolver(), logger: Logger = .discarding,
        terminationGracePeriod: Duration = .seconds(5)
    ) async throws -> Source {
        let prepared = try await PreparedConnector.prepare(
            name, config: config, executor: executor ?? defaultExecutor(for: name), secrets: secrets,
            logger: logger.forConnector(name), gracePeriod: terminationGracePeriod)
        return Source(
            name: name, executor: prepared.executor, specification: prepared.specification, config: prepared.config,
            secretMasker: prepared.masker, runner: prepared.runner)
    }

    /// An executable on PATH named `name`, or else a Python connector from PyPI.
    static func defaultExecutor(for name: String) -> any ConnectorExecutor {
        if DeclarativeManifestExecutor.isManifest(name) { return DeclarativeManifestExecutor(manifestPath: name) }
        return ExecutablePath.resolve(name) != nil && !name.contains("/") ? LocalExecutable(name) : PythonConnector(name)
    }

    /// ``config`` with every secret replaced by `**********`: safe to show.
    public var redactedConfig: JSONValue {
        Self.masking(
            ConfigValidator(connectionSpecification: .object(specification.connectionSpecification)).redacting(config),
            with: secretMasker)
    }

    private static func masking(_ value: JSONValue, with masker: SecretMasker) -> JSONValue {
        switch value {
        case .string(let text): .string(masker.mask(text))
        case .array(let elements): .array(elements.map { masking($0, with: masker) })
        case .object(let object): .object(JSONObject(object.map { ($0.key, masking($0.value, with: masker)) }))
        default: value
        }
    }

    // MARK: Streams

    /// The streams the source offers, from its `discover` (run once, then remembered).
    public var streams: [SourceStream] {
        get async throws { try await discoveredCatalog().streams.map(SourceStream.init) }
    }

    /// The selected streams, in the order `discover` lists them; every stream
    /// until ``select(_:)`` narrows it.
    public var selectedStreams: [SourceStream] {
        get async throws {
            let streams = try await self.streams
            guard let names = selection.withLock({ $0.names }) else { return streams }
            return streams.filter { stream in names.contains { stream.descriptor.isNamed($0) } }
        }
    }

    /// The names of the selected streams (`namespace.name` for a stream with a
    /// namespace), in the order `discover` lists them.
    public var selectedStreamNames: [String] {
        get async throws { try await selectedStreams.map(\.descriptor.description) }
    }

    /// Reads only the streams named `names` from now on: a name alone selects
    /// the streams of that name in every namespace, `namespace.name` one of them.
    ///
    /// - Throws: ``StreamSelectionError`` listing the available streams when a
    ///   name is not one of them, or `names` is empty (the selection is then unchanged).
    public func select(_ names: [String]) async throws {
        let available = try await streams.map(\.descriptor)
        let unknown = names.filter { name in !available.contains { $0.isNamed(name) } }
        guard unknown.isEmpty, !names.isEmpty else {
            throw StreamSelectionError(connector: name, unknown: unknown, available: available.map(\.description))
        }
        selection.withLock { $0.names = names }
    }

    /// Reads every stream from now on.
    public func selectAll() {
        selection.withLock { $0.names = nil }
    }

    /// The configured catalog of the selected streams, built by `builder`
    /// (incremental where possible, unless it asks for a full refresh).
    public func configuredCatalog(_ builder: CatalogBuilder = CatalogBuilder()) async throws -> ConfiguredAirbyteCatalog {
        return builder.catalog(for: try await selectedStreams)
    }

    private func discoveredCatalog() async throws -> AirbyteCatalog {
        if let catalog = selection.withLock({ $0.catalog }) { return catalog }
        let catalog = try await discover()
        selection.withLock { $0.catalog = catalog }
        return catalog
    }
}
