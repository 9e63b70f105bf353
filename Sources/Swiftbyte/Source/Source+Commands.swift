public import AirbyteProtocol
import DestinationKit

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
    public static func specification(of name: String, executor: (any ConnectorExecutor)? = nil,
                                     log: SourceLog? = nil) async throws -> ConnectorSpecification {
        let log = log ?? .standardError(prefix: name)
        let command = try await (executor ?? defaultExecutor(for: name)).prepare { log.emit(.progress($0)) }
        return try await spec(runner: ConnectorRunner(name: name, command: command, log: log,
                                                      masker: SecretMasker(secrets: []), gracePeriod: .seconds(5)))
    }

    static func spec(runner: ConnectorRunner) async throws -> ConnectorSpecification {
        try await runner.first("spec", expecting: "a SPEC message", arguments: { _ in ["spec"] }) { message in
            if case .spec(let specification) = message.payload { return specification }
            return nil
        }
    }

    /// Runs the connector's `check`: whether it can connect with the config.
    ///
    /// - Throws: ``SourceError`` with ``SourceError/Code/checkFailed`` and the
    ///   connector's reason when it cannot; other ``SourceError``s when `check` itself fails.
    public func check() async throws {
        let status = try await runner.first("check", expecting: "a CONNECTION_STATUS message", files: [configFileContents],
                                            arguments: { ["check", "--config", "\($0)/\(Self.configFile)"] }) { message in
            if case .connectionStatus(let status) = message.payload { return status }
            return nil
        }
        guard status.status == .succeeded else {
            throw SourceError(.checkFailed, connector: name, command: "check",
                              message: secretMasker.mask(status.message ?? "the connector could not connect and gave no reason"),
                              failureType: .configError)
        }
    }

    /// Runs the connector's `discover` and returns its catalog. (``streams``
    /// runs it once and remembers the result.)
    ///
    /// - Throws: ``SourceError``.
    public func discover() async throws -> AirbyteCatalog {
        try await runner.first("discover", expecting: "a CATALOG message", files: [configFileContents],
                               arguments: { ["discover", "--config", "\($0)/\(Self.configFile)"] }) { message in
            if case .catalog(let catalog) = message.payload { return catalog }
            return nil
        }
    }

    var configFileContents: ConnectorRunner.File {
        var bytes: [UInt8] = []
        config.serialize(into: &bytes)
        return (Self.configFile, bytes)
    }
}
