package import AirbyteProtocol
import ConnectorKit
import DestinationKit
import Foundation
import Logging
package import PlatformStore
import Swiftbyte

/// How a request names a connector: Airbyte's `sourceType`/`destinationType`, or a `definitionId`.
package enum DefinitionReference: Sendable, Hashable {
    /// Airbyte's short type: `faker`, `duckdb`, `postgres`.
    case type(String)
    /// A definition's id.
    case id(DefinitionID)
}

/// What a connector's `check` said.
package struct CheckResult: Sendable, Hashable {
    /// Whether the connector can connect with its configuration.
    package var succeeded: Bool
    /// Why not, in the connector's words (secrets masked).
    package var message: String?
}

extension PlatformService {
    // MARK: Definitions

    /// The definition a request names, of `kind`, as `workspace` sees it.
    package func definition(
        _ reference: DefinitionReference, kind: ConnectorDefinition.Kind,
        workspace: WorkspaceID?
    ) async throws -> ConnectorDefinition {
        switch reference {
        case .type(let type):
            return try await storeCall {
                try await configuration.definitions.definition(kind: kind, type: type, workspace: workspace, store: store, now: now)
            }
        case .id(let id):
            guard let definition = try await storeCall({ try await store.definition(id) }), definition.kind == kind,
                definition.workspaceID == nil || definition.workspaceID == workspace
            else {
                throw PlatformError(.notFound, message: "there is no \(kind.rawValue) definition \(id)")
            }
            return definition
        }
    }

    /// The connector's specification (its `spec`, run once per process; installs the connector the first time).
    package func specification(of definition: ConnectorDefinition) async throws -> ConnectorSpecification {
        try await specifications.specification(of: definition) {
            let executor = try configuration.definitions.executor(for: definition)
            return try await connectorCall(definition) {
                try await Source.specification(of: definition.name, executor: executor, logger: connectorLogger(definition.name))
            }
        }
    }

    /// Runs a connector operation, turning Swiftbyte's errors into ``PlatformError``s.
    func connectorCall<T>(_ definition: ConnectorDefinition, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PlatformError {
            throw error
        } catch let error as ExecutorError where error.code == .installFailed {
            throw PlatformError(
                .invalidInput,
                message: """
                    \(definition.kind == .source ? "sourceType" : "destinationType") \(definition.type) names no connector \
                    Swiftbyte can install: \(error.message)
                    """, underlying: error)
        } catch let error as ExecutorError {
            throw PlatformError(.connectorFailed, message: error.description, underlying: error)
        } catch let error as ConfigError {
            throw PlatformError(
                .invalidInput, message: "the configuration of \(definition.name) \(error.message)",
                problems: error.problems.map(\.description), underlying: error)
        } catch let error as SourceError {
            throw PlatformError(.connectorFailed, message: error.description, underlying: error)
        } catch let error as SecretBoxError {
            throw PlatformError(.secretUnavailable, message: error.description, underlying: error)
        }
    }

    /// A client's configuration made ready to store: Airbyte's `sourceType` /
    /// `destinationType` removed, masked secrets resolved from `previous`,
    /// checked against the specification, secrets sealed.
    func storableConfiguration(
        _ configuration: JSONValue, definition: ConnectorDefinition,
        previous: JSONValue?
    ) async throws -> JSONValue {
        guard case .object(var object) = configuration else {
            throw PlatformError(.invalidInput, message: "configuration must be a JSON object")
        }
        object["sourceType"] = nil
        object["destinationType"] = nil
        let specification = JSONValue.object(try await self.specification(of: definition).connectionSpecification)
        var plain = JSONValue.object(object)
        do {
            if let previous { plain = try secrets.resolvingMasks(in: plain, previous: previous, specification: specification) }
            do {
                _ = try ConfigValidator(connectionSpecification: specification).validated(plain)
            } catch {
                throw PlatformError(
                    .invalidInput, message: "the configuration does not match \(definition.name)'s specification",
                    problems: error.problems.map(\.description), underlying: error)
            }
            return try secrets.sealing(plain, specification: specification, previous: previous)
        } catch let error as SecretBoxError {
            throw PlatformError(.secretUnavailable, message: error.description, underlying: error)
        }
    }

    // MARK: Sources

    /// Saves a new source after checking its configuration against the connector's specification.
    ///
    /// - Throws: ``PlatformError``: `invalidInput` (unknown type, bad configuration), `notFound`, `connectorFailed`.
    package func createSource(
        name: String, workspace: WorkspaceID? = nil, definition reference: DefinitionReference,
        configuration: JSONValue
    ) async throws -> SavedSource {
        let workspace = try await self.workspace(workspace)
        let definition = try await definition(reference, kind: .source, workspace: workspace.id)
        let stored = try await storableConfiguration(configuration, definition: definition, previous: nil)
        let source = SavedSource(
            workspaceID: workspace.id, definitionID: definition.id, name: name, configuration: stored,
            createdAt: now)
        try await storeCall { try await store.insertSource(source) }
        logger.info("created a source", metadata: ["source": "\(source.id)", "connector": "\(definition.name)"])
        return source
    }

    /// Changes a source's name and configuration (a secret sent back as
    /// `**********` keeps its stored value); `nil` leaves a field as it is.
    package func updateSource(_ id: SourceID, name: String? = nil, configuration: JSONValue? = nil) async throws -> SavedSource {
        var source = try await existingSource(id)
        if let name { source.name = name }
        if let configuration {
            source.configuration = try await storableConfiguration(
                configuration, definition: try await existingDefinition(source.definitionID), previous: source.configuration)
        }
        source.updatedAt = now
        try await storeCall { try await store.updateSource(source) }
        return source
    }

    /// Deletes a source (a tombstone, as Airbyte keeps them) and its connections.
    package func deleteSource(_ id: SourceID) async throws {
        var source = try await existingSource(id)
        for connection in try await storeCall({ try await store.connections(source: id) }) {
            try await deleteConnection(connection.id)
        }
        source.isDeleted = true
        source.updatedAt = now
        try await storeCall { try await store.updateSource(source) }
    }

    /// Runs the source's `check`.
    package func checkSource(_ id: SourceID) async throws -> CheckResult {
        let source = try await existingSource(id)
        let definition = try await existingDefinition(source.definitionID)
        return try await check(definition) {
            try await resolveSource(source, definition: definition, logger: connectorLogger(definition.name)).check()
        }
    }

    /// The source's catalog: the cached one, unless `ignoreCache` or its
    /// configuration changed since; otherwise a new `discover`, cached.
    package func discoverSource(_ id: SourceID, ignoreCache: Bool = false) async throws -> DiscoveredCatalog {
        let source = try await existingSource(id)
        let hash = source.configuration.jsonText.stableDigest
        if !ignoreCache, let cached = try await storeCall({ try await store.discoveredCatalog(id) }),
            cached.configurationHash == hash
        {
            return cached
        }
        let definition = try await existingDefinition(source.definitionID)
        let catalog = try await connectorCall(definition) {
            try await resolveSource(source, definition: definition, logger: connectorLogger(definition.name)).discover()
        }
        let discovered = DiscoveredCatalog(sourceID: id, catalog: catalog, configurationHash: hash, discoveredAt: now)
        try await storeCall { try await store.saveDiscoveredCatalog(discovered) }
        return discovered
    }

    /// The source, not deleted.
    package func existingSource(_ id: SourceID) async throws -> SavedSource {
        guard let source = try await storeCall({ try await store.source(id) }), !source.isDeleted else {
            throw PlatformError(.notFound, message: "there is no source \(id)")
        }
        return source
    }

    func existingDefinition(_ id: DefinitionID) async throws -> ConnectorDefinition {
        guard let definition = try await storeCall({ try await store.definition(id) }) else {
            throw PlatformError(.notFound, message: "there is no connector definition \(id)")
        }
        return definition
    }

    /// The source as Swiftbyte runs it: installed, its secrets opened, its configuration validated.
    func resolveSource(_ source: SavedSource, definition: ConnectorDefinition, logger: Logger) async throws -> Source {
        try await connectorCall(definition) {
            try await Source.resolve(
                definition.name, config: .value(try secrets.opening(source.configuration)),
                executor: try configuration.definitions.executor(for: definition),
                secrets: SecretResolver(environment: [:], dotEnvPath: nil), logger: logger,
                terminationGracePeriod: configuration.terminationGracePeriod)
        }
    }

    // MARK: Destinations

    /// Saves a new destination after checking its configuration against the connector's specification.
    package func createDestination(
        name: String, workspace: WorkspaceID? = nil, definition reference: DefinitionReference,
        configuration: JSONValue
    ) async throws -> SavedDestination {
        let workspace = try await self.workspace(workspace)
        let definition = try await definition(reference, kind: .destination, workspace: workspace.id)
        let stored = try await storableConfiguration(configuration, definition: definition, previous: nil)
        let destination = SavedDestination(
            workspaceID: workspace.id, definitionID: definition.id, name: name,
            configuration: stored, createdAt: now)
        try await storeCall { try await store.insertDestination(destination) }
        logger.info("created a destination", metadata: ["destination": "\(destination.id)", "connector": "\(definition.name)"])
        return destination
    }

    /// Changes a destination's name and configuration (a secret sent back as `**********` keeps its stored value).
    package func updateDestination(
        _ id: DestinationID, name: String? = nil,
        configuration: JSONValue? = nil
    ) async throws -> SavedDestination {
        var destination = try await existingDestination(id)
        if let name { destination.name = name }
        if let configuration {
            destination.configuration = try await storableConfiguration(
                configuration, definition: try await existingDefinition(destination.definitionID),
                previous: destination.configuration)
        }
        destination.updatedAt = now
        try await storeCall { try await store.updateDestination(destination) }
        return destination
    }

    /// Deletes a destination (a tombstone) and its connections.
    package func deleteDestination(_ id: DestinationID) async throws {
        var destination = try await existingDestination(id)
        for connection in try await storeCall({ try await store.connections(destination: id) }) {
            try await deleteConnection(connection.id)
        }
        destination.isDeleted = true
        destination.updatedAt = now
        try await storeCall { try await store.updateDestination(destination) }
    }

    /// Runs the destination's `check`.
    package func checkDestination(_ id: DestinationID) async throws -> CheckResult {
        let destination = try await existingDestination(id)
        let definition = try await existingDefinition(destination.definitionID)
        return try await check(definition) {
            try await resolveDestination(destination, definition: definition, logger: connectorLogger(definition.name)).check()
        }
    }

    /// The destination, not deleted.
    package func existingDestination(_ id: DestinationID) async throws -> SavedDestination {
        guard let destination = try await storeCall({ try await store.destination(id) }), !destination.isDeleted else {
            throw PlatformError(.notFound, message: "there is no destination \(id)")
        }
        return destination
    }

    /// The destination as Swiftbyte runs it.
    func resolveDestination(
        _ destination: SavedDestination, definition: ConnectorDefinition,
        logger: Logger
    ) async throws -> DestinationConnector {
        try await connectorCall(definition) {
            try await DestinationConnector.resolve(
                definition.name, config: .value(try secrets.opening(destination.configuration)),
                executor: try configuration.definitions.executor(for: definition),
                secrets: SecretResolver(environment: [:], dotEnvPath: nil), logger: logger,
                terminationGracePeriod: configuration.terminationGracePeriod)
        }
    }

    /// A `check`'s answer: a connector saying it cannot connect is a result, not an error.
    func check(_ definition: ConnectorDefinition, _ run: () async throws -> Void) async throws -> CheckResult {
        do {
            try await connectorCall(definition, run)
            return CheckResult(succeeded: true, message: nil)
        } catch let error as PlatformError {
            if let failure = error.underlying as? SourceError, failure.code == .checkFailed {
                return CheckResult(succeeded: false, message: failure.message)
            }
            if error.code == .invalidInput || error.code == .connectorFailed {
                return CheckResult(succeeded: false, message: error.description)
            }
            throw error
        }
    }
}

extension String {
    /// A SHA-256 of the text, in hex: stable across processes and versions (unlike `hashValue`).
    var stableDigest: String {
        HexDigest.hex(of: Array(utf8))
    }
}
