public import AirbyteProtocol
import ConnectorKit
public import DestinationKit
import Foundation
public import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// An Airbyte destination connector, run as a process, ready with a
/// validated config: what ``Source/sync(to:states:fullRefresh:progress:)``
/// pipes a source into. (Not to be confused with DestinationKit's
/// `Destination` protocol, which is how a destination is written.)
///
/// ```swift
/// let destination = try await DestinationConnector.resolve("destination-duckdb",
///                                                          config: ["destination_path": "/data/sync.duckdb"])
/// try await destination.check()
/// let result = try await source.sync(to: destination, states: StateFile(path: "sync-state.json"))
/// ```
///
/// Destinations resolve like sources: an executable on PATH, a Python
/// connector from PyPI (`airbyte-<name>`), or a Docker image. `destination-duckdb`
/// is built in: the `destination-duckdb` executable built and shipped beside
/// `swiftbyte` is used when nothing else is asked for.
public final class DestinationConnector: Sendable {
    /// The connector's name, such as `destination-duckdb`.
    public let name: String
    /// How the connector runs.
    public let executor: any ConnectorExecutor
    /// The connector's specification, from its `spec`.
    public let specification: ConnectorSpecification
    /// The config the connector is given: secrets resolved, defaults filled in,
    /// valid against ``specification``.
    public let config: JSONValue
    /// Hides the config's secrets in any text.
    public let secretMasker: SecretMasker

    let runner: ConnectorRunner

    private init(name: String, prepared: PreparedConnector) {
        self.name = name
        self.executor = prepared.executor
        self.specification = prepared.specification
        self.config = prepared.config
        self.secretMasker = prepared.masker
        self.runner = prepared.runner
    }

    /// The destination named `name`, prepared to run (installed if needed),
    /// with `config` resolved and validated against its specification —
    /// before any source is started.
    ///
    /// Without an `executor`: for `destination-duckdb`, the executable beside
    /// the running program (see ``builtInDuckDBExecutable``); otherwise an
    /// executable named `name` on PATH, else ``PythonConnector`` (`airbyte-<name>`).
    ///
    /// `secrets` and `logger` work as for ``Source/resolve(_:config:executor:secrets:logger:terminationGracePeriod:)``.
    ///
    /// - Throws: ``ExecutorError``, ``SourceError`` (its `spec` failed),
    ///   `ConfigError` (the config is unusable).
    public static func resolve(
        _ name: String, config: ConfigInput = .empty, executor: (any ConnectorExecutor)? = nil,
        secrets: SecretResolver = SecretResolver(), logger: Logger = .discarding,
        terminationGracePeriod: Duration = .seconds(5)
    ) async throws -> DestinationConnector {
        let prepared = try await PreparedConnector.prepare(
            name, config: config, executor: executor ?? defaultExecutor(for: name), secrets: secrets,
            logger: logger.forConnector(name), gracePeriod: terminationGracePeriod)
        return DestinationConnector(name: name, prepared: prepared)
    }

    /// The built-in `destination-duckdb`: the executable of that name in the
    /// folder of the running program (where `swift build` and the Docker
    /// image put it beside `swiftbyte`); `nil` when there is none.
    public static var builtInDuckDBExecutable: String? {
        guard let program = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let candidate = program.deletingLastPathComponent().appendingPathComponent("destination-duckdb").path
        return ExecutablePath.isExecutableFile(candidate) ? candidate : nil
    }

    static func defaultExecutor(for name: String) -> any ConnectorExecutor {
        if name == "destination-duckdb", let builtIn = builtInDuckDBExecutable { return LocalExecutable(builtIn) }
        return Source.defaultExecutor(for: name)
    }

    /// Runs the connector's `check`: whether it can write with the config.
    ///
    /// - Throws: ``SourceError`` with ``SourceError/Code/checkFailed`` and the
    ///   connector's reason when it cannot.
    public func check() async throws {
        try await PreparedConnector.check(runner: runner, config: PreparedConnector.configFile(config), masker: secretMasker)
    }

    /// Writes `messages` (records, states, stream statuses) into the destination
    /// under `catalog` and returns the STATEs it echoed, in order.
    ///
    /// What the platform's clear does: each stream in overwrite mode with a new
    /// generation, no records and a COMPLETE status, which leaves its table
    /// empty — as Airbyte clears a connection's data.
    ///
    /// - Throws: ``SourceError`` naming this connector when it fails; an error
    ///   naming the file when the messages cannot be staged; `CancellationError`.
    public func write(catalog: ConfiguredAirbyteCatalog, messages: [AirbyteMessage]) async throws -> [AirbyteStateMessage] {
        var bytes: [UInt8] = []
        for message in messages { message.serializeLine(into: &bytes) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-input-\(UUID().uuidString)").path
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes), attributes: [.posixPermissions: 0o600]) else {
            throw ConnectorFilesError(path: path, operation: "create", errno: errno)
        }
        defer { unlink(path) }
        // The process is given the descriptor as its stdin, and it is closed once the process is spawned.
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ConnectorFilesError(path: path, operation: "open", errno: errno) }
        let echoed = Mutex<[AirbyteStateMessage]>([])
        try await write(catalog: catalog, input: descriptor) { state in echoed.withLock { $0.append(state) } }
        return echoed.withLock { $0 }
    }

    /// Runs `write` of `catalog` with `input` (the read end of a pipe) as its
    /// stdin, calling `onState` with every STATE it echoes, in order.
    ///
    /// - Throws: ``SourceError`` naming this connector when it reports an
    ///   error or exits with a failure; what `onState` throws; `CancellationError`.
    func write(
        catalog: ConfiguredAirbyteCatalog, input: Int32,
        onState: (AirbyteStateMessage) throws -> Void
    ) async throws {
        var catalogBytes: [UInt8] = []
        catalog.json.serialize(into: &catalogBytes)
        let files = [PreparedConnector.configFile(config), ("catalog.json", catalogBytes)]
        try await runner.run(
            "write", files: files, input: input,
            arguments: { folder in
                ["write", "--config", "\(folder)/config.json", "--catalog", "\(folder)/catalog.json"]
            },
            body: { messages in
                while let message = try messages.next() {
                    if case .message(let decoded) = message.content, case .state(var state) = decoded.payload {
                        state.destinationStats = nil  // the destination's count, not part of the source's state
                        try onState(state)
                    }
                }
            })
    }
}
