public import AirbyteProtocol
import ConnectorKit
import DestinationKit
public import Logging

extension Source {
    /// The file name of the config in a command's private folder.
    static let configFile = "config.json"

    /// Runs the connector's `spec`.
    ///
    /// - Throws: ``SourceError``.
    public func spec() async throws -> ConnectorSpecification {
        try await Self.spec(runner: runner)
    }

    /// The specification of the connector `name`, without a config: installs
    /// it if needed and runs its `spec`.
    ///
    /// - Throws: ``ExecutorError`` or ``SourceError``.
    public static func specification(
        of name: String, executor: (any ConnectorExecutor)? = nil,
        logger: Logger = .discarding
    ) async throws -> ConnectorSpecification {
        let logger = logger.forConnector(name)
        let command = try await (executor ?? defaultExecutor(for: name)).prepare { logger.info("\($0)") }
        return try await spec(
            runner: ConnectorRunner(
                name: name, command: command, logger: logger,
                masker: SecretMasker(secrets: []), gracePeriod: .seconds(5)))
    }

    static func spec(runner: ConnectorRunner) async throws -> ConnectorSpecification {
        try await PreparedConnector.spec(runner: runner)
    }

    /// Runs the connector's `check`: whether it can connect with the config.
    ///
    /// - Throws: ``SourceError`` with ``SourceError/Code/checkFailed`` and the
    ///   connector's reason when it cannot; other ``SourceError``s when `check` itself fails.
    public func check() async throws {
        try await PreparedConnector.check(runner: runner, config: configFileContents, masker: secretMasker)
    }

    /// Runs the connector's `discover` and returns its catalog. (``streams``
    /// runs it once and remembers the result.)
    ///
    /// - Throws: ``SourceError``.
    public func discover() async throws -> AirbyteCatalog {
        try await runner.first(
            "discover", expecting: "a CATALOG message", files: [configFileContents],
            arguments: { ["discover", "--config", "\($0)/\(Self.configFile)"] },
            pick: { message in
                if case .catalog(let catalog) = message.payload { return catalog }
                return nil
            })
    }

    var configFileContents: ConnectorRunner.File { PreparedConnector.configFile(config) }
}
