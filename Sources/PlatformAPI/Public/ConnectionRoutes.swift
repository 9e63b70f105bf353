import AirbyteProtocol
import Hummingbird
import Platform
import PlatformStore

/// `/connections`: create (streams checked against the source's catalog and
/// the destination's modes; all streams in full refresh + overwrite when none
/// are given, as Airbyte), list, get, patch and delete.
struct ConnectionRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.post { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            let sourceID = try body.required("sourceId") { key throws(APIProblem) in try body.id(key, as: SourceID.self) }
            let destinationID = try body.required("destinationId") { key throws(APIProblem) in
                try body.id(key, as: DestinationID.self)
            }
            var settings = try ConnectionSettings.fromPublicAPI(body)
            if settings.status == .deprecated {
                throw APIProblem.badRequest("status of a new connection is active or inactive, not deprecated")
            }
            if settings.streams == nil, let catalog = try await catalogForDefaults(sourceID) {
                // Airbyte selects every stream in full refresh + overwrite when none are configured.
                settings.streams = catalog.streams.map {
                    ConfiguredStream(name: $0.name, namespace: $0.namespace, syncMode: .fullRefreshOverwrite)
                }
            }
            let connection = try await api.service.createConnection(
                source: sourceID, destination: destinationID,
                settings: settings)
            return JSONResponse.make(connection.publicAPI(now: api.now))
        }
        routes.get { request, _ in
            let query = QueryParameters(request)
            let page = try query.page()
            _ = try query.ids("tagIds", as: WorkspaceID.self)  // validated; connections have no tags yet
            let slice = PageSlice(
                try await api.store.connections(
                    workspaces: try query.ids("workspaceIds", as: WorkspaceID.self),
                    includeDeleted: try query.bool("includeDeleted") ?? false, page: page.probing), page: page)
            let now = api.now
            return listResponse(slice.items.map { $0.publicAPI(now: now) }, request: request, page: page, hasMore: slice.hasMore)
        }
        routes.get(":connectionId") { _, context in
            let id = try pathID(context, "connectionId", as: ConnectionID.self)
            guard let connection = try await api.store.connection(id) else {
                throw APIProblem.notFound("connection", id: id.description)
            }
            return JSONResponse.make(connection.publicAPI(now: api.now))
        }
        routes.patch(":connectionId") { request, context in
            var request = request
            let id = try pathID(context, "connectionId", as: ConnectionID.self)
            try await requireConnection(id)
            let body = try await request.jsonObject(context: context)
            var settings = try ConnectionSettings.fromPublicAPI(body)
            // Deprecating a connection is deleting it, as in Airbyte.
            let deletes = settings.status == .deprecated
            if deletes { settings.status = nil }
            var connection = try await api.service.updateConnection(id, settings: settings)
            if deletes {
                try await api.service.deleteConnection(id)
                connection = try await api.service.store.connection(id) ?? connection
            }
            return JSONResponse.make(connection.publicAPI(now: api.now))
        }
        routes.delete(":connectionId") { _, context in
            let id = try pathID(context, "connectionId", as: ConnectionID.self)
            try await requireConnection(id)
            try await api.service.deleteConnection(id)
            return JSONResponse.noContent()
        }
    }

    /// A 404 in Airbyte's shape when the connection does not exist or was deleted.
    private func requireConnection(_ id: ConnectionID) async throws {
        guard let connection = try await api.store.connection(id), connection.status != .deprecated else {
            throw APIProblem.notFound("connection", id: id.description)
        }
    }

    /// The source's catalog, for a connection created without streams; `nil` when the source does not exist
    /// (the domain then says so).
    private func catalogForDefaults(_ sourceID: SourceID) async throws -> AirbyteCatalog? {
        guard let source = try await api.store.source(sourceID), !source.isDeleted else {
            throw APIProblem.notFound("source", id: sourceID.description)
        }
        return try await api.service.discoverSource(sourceID).catalog
    }
}
