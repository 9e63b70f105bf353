import AirbyteProtocol
import Platform
import PlatformStore

/// `/sources` (see ``ActorRoutes``).
typealias SourceRoutes = ActorRoutes<SourceKind>

/// `/destinations` (see ``ActorRoutes``).
typealias DestinationRoutes = ActorRoutes<DestinationKind>

enum SourceKind: SavedActorKind {
    static let kind = ConnectorDefinition.Kind.source
    static let idParameter = "sourceId"
    static let typeKey = "sourceType"
    static func id(_ text: String) -> SourceID? { SourceID(text) }
    static func list(_ store: any PlatformStore, workspaces: [WorkspaceID]?, includeDeleted: Bool, page: Page) async throws -> [SavedSource]
    {
        try await store.sources(workspaces: workspaces, includeDeleted: includeDeleted, page: page)
    }
    static func find(_ store: any PlatformStore, _ id: SourceID) async throws -> SavedSource? { try await store.source(id) }
    static func create(
        _ service: PlatformService, name: String, workspace: WorkspaceID, definition: DefinitionReference,
        configuration: JSONValue
    ) async throws -> SavedSource {
        try await service.createSource(name: name, workspace: workspace, definition: definition, configuration: configuration)
    }
    static func update(_ service: PlatformService, _ id: SourceID, name: String?, configuration: JSONValue?) async throws -> SavedSource {
        try await service.updateSource(id, name: name, configuration: configuration)
    }
    static func delete(_ service: PlatformService, _ id: SourceID) async throws { try await service.deleteSource(id) }
    static func definitionID(of saved: SavedSource) -> DefinitionID { saved.definitionID }
    static func configuration(of saved: SavedSource) -> JSONValue { saved.configuration }
    static func isDeleted(_ saved: SavedSource) -> Bool { saved.isDeleted }
    static func publicAPI(_ saved: SavedSource, definition: ConnectorDefinition?) -> JSONValue {
        saved.publicAPI(definition: definition)
    }
}

enum DestinationKind: SavedActorKind {
    static let kind = ConnectorDefinition.Kind.destination
    static let idParameter = "destinationId"
    static let typeKey = "destinationType"
    static func id(_ text: String) -> DestinationID? { DestinationID(text) }
    static func list(_ store: any PlatformStore, workspaces: [WorkspaceID]?, includeDeleted: Bool, page: Page) async throws
        -> [SavedDestination]
    {
        try await store.destinations(workspaces: workspaces, includeDeleted: includeDeleted, page: page)
    }
    static func find(_ store: any PlatformStore, _ id: DestinationID) async throws -> SavedDestination? { try await store.destination(id) }
    static func create(
        _ service: PlatformService, name: String, workspace: WorkspaceID, definition: DefinitionReference,
        configuration: JSONValue
    ) async throws -> SavedDestination {
        try await service.createDestination(name: name, workspace: workspace, definition: definition, configuration: configuration)
    }
    static func update(_ service: PlatformService, _ id: DestinationID, name: String?, configuration: JSONValue?) async throws
        -> SavedDestination
    {
        try await service.updateDestination(id, name: name, configuration: configuration)
    }
    static func delete(_ service: PlatformService, _ id: DestinationID) async throws { try await service.deleteDestination(id) }
    static func definitionID(of saved: SavedDestination) -> DefinitionID { saved.definitionID }
    static func configuration(of saved: SavedDestination) -> JSONValue { saved.configuration }
    static func isDeleted(_ saved: SavedDestination) -> Bool { saved.isDeleted }
    static func publicAPI(_ saved: SavedDestination, definition: ConnectorDefinition?) -> JSONValue {
        saved.publicAPI(definition: definition)
    }
}
