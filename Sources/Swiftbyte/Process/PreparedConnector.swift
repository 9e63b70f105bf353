import AirbyteProtocol
import ConnectorKit
import DestinationKit
import Logging

/// A connector made runnable, its `spec` run and a config resolved and
/// validated against it: what ``Source`` and ``DestinationConnector`` are
/// built from.
struct PreparedConnector: Sendable {
    let executor: any ConnectorExecutor
    let specification: ConnectorSpecification
    /// Secrets resolved, defaults filled in, valid against ``specification``.
    let config: JSONValue
    let masker: SecretMasker
    let runner: ConnectorRunner

    /// Prepares `executor` (installing if needed), runs `spec`, and resolves
    /// `config`'s secrets and validates it — before the connector sees it.
    ///
    /// - Throws: ``ExecutorError``, ``SourceError`` (a failing `spec`), ``ConfigError``.
    static func prepare(
        _ name: String, config: ConfigInput, executor: any ConnectorExecutor, secrets: SecretResolver,
        logger: Logger, gracePeriod: Duration
    ) async throws -> PreparedConnector {
        let command = try await executor.prepare { logger.info("\($0)") }
        let bare = ConnectorRunner(
            name: name, command: command, logger: logger, masker: SecretMasker(secrets: []),
            gracePeriod: gracePeriod)
        let specification = try await spec(runner: bare)
        let schema = JSONValue.object(specification.connectionSpecification)

        var hydration = SecretHydration(connector: name, resolver: secrets, connectionSpecification: schema)
        var resolved = try hydration.resolvingReferences(in: ConfigLoader.load(config, connector: name))
        resolved = try hydration.fillingMissingSecrets(in: resolved)
        let validator = ConfigValidator(connectionSpecification: schema)
        let validated: JSONValue
        do {
            validated = try validator.validated(resolved)
        } catch {
            throw ConfigError(
                .invalid, connector: name, message: "it does not match the connector's specification.",
                problems: error.problems)
        }
        let masker = validator.secretMasker(for: validated).merging(SecretMasker(secrets: hydration.secrets))
        let runner = ConnectorRunner(name: name, command: command, logger: logger, masker: masker, gracePeriod: gracePeriod)
        return PreparedConnector(
            executor: executor, specification: specification, config: validated,
            masker: masker, runner: runner)
    }

    static func spec(runner: ConnectorRunner) async throws -> ConnectorSpecification {
        try await runner.first(
            "spec", expecting: "a SPEC message", arguments: { _ in ["spec"] },
            pick: { message in
                if case .spec(let specification) = message.payload { return specification }
                return nil
            })
    }

    /// Runs `check` with `config`.
    ///
    /// - Throws: ``SourceError`` with ``SourceError/Code/checkFailed`` and the
    ///   connector's reason when it cannot connect.
    static func check(runner: ConnectorRunner, config: ConnectorRunner.File, masker: SecretMasker) async throws {
        let status = try await runner.first(
            "check", expecting: "a CONNECTION_STATUS message", files: [config],
            arguments: { ["check", "--config", "\($0)/\(config.name)"] },
            pick: { message in
                if case .connectionStatus(let status) = message.payload { return status }
                return nil
            })
        guard status.status == .succeeded else {
            throw SourceError(
                .checkFailed, connector: runner.name, command: "check",
                message: masker.mask(status.message ?? "the connector could not connect and gave no reason"),
                failureType: .configError)
        }
    }

    /// The config as the file a command reads.
    static func configFile(_ config: JSONValue) -> ConnectorRunner.File {
        var bytes: [UInt8] = []
        config.serialize(into: &bytes)
        return ("config.json", bytes)
    }
}
