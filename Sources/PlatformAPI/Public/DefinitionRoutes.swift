import AirbyteProtocol
import Hummingbird
import PlatformStore

/// Connector definitions: `GET /connector_definitions?type=source` (Airbyte's
/// `ConnectorDefinitionResponse`s) and `GET /workspaces/{id}/definitions/
/// {sources,destinations}[/{definitionId}]` (its `DefinitionResponse`s).
///
/// Definitions are made when a source or destination first names a
/// `sourceType`/`destinationType`; creating custom ones through the API is not
/// supported yet.
struct DefinitionRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get("connector_definitions") { request, _ in
            let query = QueryParameters(request)
            guard let kind = try query.enumValue("type", as: ConnectorDefinition.Kind.self) else {
                throw APIProblem.badRequest("query parameter type is required: source or destination")
            }
            let workspace = try query.id("workspaceId", as: WorkspaceID.self)
            let definitions = try await api.store.definitions(kind: kind, workspace: workspace)
            return JSONResponse.make(["data": .array(definitions.map(\.connectorDefinitionAPI))])
        }
        for kind in ConnectorDefinition.Kind.allCases {
            let path = "workspaces/:workspaceId/definitions/\(kind.rawValue)s"
            routes.get(RouterPath(path)) { _, context in
                let workspace = try await existingWorkspace(context)
                let definitions = try await api.store.definitions(kind: kind, workspace: workspace)
                return JSONResponse.make(["data": .array(definitions.map(\.definitionAPI))])
            }
            routes.get(RouterPath("\(path)/:definitionId")) { _, context in
                let workspace = try await existingWorkspace(context)
                let id = try pathID(context, "definitionId", as: DefinitionID.self)
                guard let definition = try await api.store.definition(id), definition.kind == kind,
                    definition.workspaceID == nil || definition.workspaceID == workspace
                else {
                    throw APIProblem.notFound("\(kind.rawValue) definition", id: id.description)
                }
                return JSONResponse.make(definition.definitionAPI)
            }
        }
        routes.get("workspaces/:workspaceId/definitions/declarative_sources") { _, context in
            _ = try await existingWorkspace(context)
            return JSONResponse.make(["data": []])
        }
    }

    private func existingWorkspace(_ context: APIRequestContext) async throws -> WorkspaceID {
        let id = try pathID(context, "workspaceId", as: WorkspaceID.self)
        guard let workspace = try await api.store.workspace(id), !workspace.isDeleted else {
            throw APIProblem.notFound("workspace", id: id.description)
        }
        return workspace.id
    }
}
