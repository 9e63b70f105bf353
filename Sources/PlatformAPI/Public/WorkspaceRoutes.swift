import AirbyteProtocol
import Foundation
import Hummingbird
import PlatformStore

/// `/workspaces`: list, create, get, update and delete workspaces.
struct WorkspaceRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get { request, _ in
            let query = QueryParameters(request)
            let page = try query.page()
            let slice = PageSlice(
                try await api.store.workspaces(
                    ids: try query.ids("workspaceIds", as: WorkspaceID.self),
                    includeDeleted: try query.bool("includeDeleted") ?? false, page: page.probing), page: page)
            return listResponse(slice.items.map(\.publicAPI), request: request, page: page, hasMore: slice.hasMore)
        }
        routes.post { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            let name = try body.required("name") { key throws(APIProblem) in try body.string(key) }
            let notifications =
                try body.object("notifications").map { fields throws(APIProblem) in
                    try NotificationSettings().updated(by: fields)
                } ?? NotificationSettings()
            let workspace = Workspace(
                name: try Self.validName(name, at: body.path(of: "name")), notifications: notifications,
                createdAt: api.now)
            try await api.store.insertWorkspace(workspace)
            return JSONResponse.make(workspace.publicAPI)
        }
        routes.get(":workspaceId") { _, context in
            JSONResponse.make(try await existingWorkspace(context).publicAPI)
        }
        routes.patch(":workspaceId") { request, context in
            var request = request
            var workspace = try await existingWorkspace(context)
            let body = try await request.jsonObject(context: context)
            if let name = try body.string("name") { workspace.name = try Self.validName(name, at: body.path(of: "name")) }
            if let notifications = try body.object("notifications") {
                workspace.notifications = try workspace.notifications.updated(by: notifications)
            }
            workspace.updatedAt = api.now
            try await api.store.updateWorkspace(workspace)
            return JSONResponse.make(workspace.publicAPI)
        }
        routes.delete(":workspaceId") { _, context in
            var workspace = try await existingWorkspace(context)
            if workspace.id == (try await api.store.defaultWorkspace()).id {
                throw APIProblem.stateConflict("the default workspace cannot be deleted")
            }
            if try await !api.store.connections(workspaces: [workspace.id], page: Page(limit: 1)).isEmpty {
                throw APIProblem.stateConflict("workspace \(workspace.id) still has connections: delete them first")
            }
            workspace.isDeleted = true
            workspace.updatedAt = api.now
            try await api.store.updateWorkspace(workspace)
            return JSONResponse.noContent()
        }
    }

    /// The workspace the path names, not deleted.
    private func existingWorkspace(_ context: APIRequestContext) async throws -> Workspace {
        let id = try pathID(context, "workspaceId", as: WorkspaceID.self)
        guard let workspace = try await api.store.workspace(id), !workspace.isDeleted else {
            throw APIProblem.notFound("workspace", id: id.description)
        }
        return workspace
    }

    private static func validName(_ name: String, at path: String) throws(APIProblem) -> String {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw APIProblem.badRequest("\(path) must not be empty") }
        return trimmed
    }
}
