import AirbyteProtocol
import Foundation
import Platform
import PlatformStore

/// Sources and destinations have the same pages; this says which one a page is about
/// and calls the domain's matching operations.
enum ActorKind: String, Sendable, CaseIterable {
    case source, destination

    var definitionKind: ConnectorDefinition.Kind { self == .source ? .source : .destination }
    var path: String { "/\(rawValue)s" }
    var title: String { self == .source ? "Sources" : "Destinations" }
    var capitalized: String { self == .source ? "Source" : "Destination" }
    var section: HTMLPage.Section { self == .source ? .sources : .destinations }

    /// A saved source or destination, as its pages need it.
    struct Actor: Sendable {
        var id: String
        var name: String
        var definitionID: DefinitionID
        var configuration: JSONValue
        var createdAt: Date
    }

    func actor(_ id: String, service: PlatformService) async throws -> Actor {
        switch self {
        case .source:
            guard let id = SourceID(id) else { throw UIError.notFound("There is no such source.") }
            let source = try await service.existingSource(id)
            return Actor(
                id: source.id.description, name: source.name, definitionID: source.definitionID,
                configuration: source.configuration, createdAt: source.createdAt)
        case .destination:
            guard let id = DestinationID(id) else { throw UIError.notFound("There is no such destination.") }
            let destination = try await service.existingDestination(id)
            return Actor(
                id: destination.id.description, name: destination.name, definitionID: destination.definitionID,
                configuration: destination.configuration, createdAt: destination.createdAt)
        }
    }

    func actors(service: PlatformService, page: Page) async throws -> [Actor] {
        let workspace = try await service.workspace(nil).id
        switch self {
        case .source:
            return try await service.store.sources(workspaces: [workspace], page: page).map {
                Actor(
                    id: $0.id.description, name: $0.name, definitionID: $0.definitionID, configuration: $0.configuration,
                    createdAt: $0.createdAt)
            }
        case .destination:
            return try await service.store.destinations(workspaces: [workspace], page: page).map {
                Actor(
                    id: $0.id.description, name: $0.name, definitionID: $0.definitionID, configuration: $0.configuration,
                    createdAt: $0.createdAt)
            }
        }
    }

    /// Saves a new one; returns its id.
    func create(name: String, definition: DefinitionID, configuration: JSONValue, service: PlatformService) async throws -> String {
        switch self {
        case .source:
            try await service.createSource(name: name, definition: .id(definition), configuration: configuration).id.description
        case .destination:
            try await service.createDestination(name: name, definition: .id(definition), configuration: configuration).id.description
        }
    }

    func update(_ id: String, name: String, configuration: JSONValue, service: PlatformService) async throws {
        switch self {
        case .source:
            guard let id = SourceID(id) else { throw UIError.notFound("There is no such source.") }
            _ = try await service.updateSource(id, name: name, configuration: configuration)
        case .destination:
            guard let id = DestinationID(id) else { throw UIError.notFound("There is no such destination.") }
            _ = try await service.updateDestination(id, name: name, configuration: configuration)
        }
    }

    func delete(_ id: String, service: PlatformService) async throws {
        switch self {
        case .source:
            guard let id = SourceID(id) else { throw UIError.notFound("There is no such source.") }
            try await service.deleteSource(id)
        case .destination:
            guard let id = DestinationID(id) else { throw UIError.notFound("There is no such destination.") }
            try await service.deleteDestination(id)
        }
    }

    /// Runs `check` with a configuration from a form, saved (`replacing`) or not.
    func check(
        definition: DefinitionID, configuration: JSONValue, replacing id: String?,
        service: PlatformService
    ) async throws -> CheckResult {
        switch self {
        case .source:
            try await service.checkSource(
                definition: .id(definition), configuration: configuration,
                replacing: id.flatMap(SourceID.init))
        case .destination:
            try await service.checkDestination(
                definition: .id(definition), configuration: configuration,
                replacing: id.flatMap(DestinationID.init))
        }
    }

    /// The connections that use it.
    func connections(of id: String, service: PlatformService) async throws -> [SavedConnection] {
        switch self {
        case .source:
            guard let id = SourceID(id) else { return [] }
            return try await service.store.connections(source: id)
        case .destination:
            guard let id = DestinationID(id) else { return [] }
            return try await service.store.connections(destination: id)
        }
    }
}
