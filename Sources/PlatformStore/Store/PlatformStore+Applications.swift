extension PlatformStore {
    /// Saves a new API application. Throws ``StoreError/Code/conflict`` when its client id is taken.
    package func insertApplication(_ application: APIApplication) async throws {
        _ = try await insertRecord(application)
    }

    /// The application `id`; `nil` when there is none.
    package func application(_ id: ApplicationID) async throws -> APIApplication? {
        try await record(APIApplication.self, [.equals("id", StoreValue(id))])
    }

    /// The application with `clientID`; `nil` when there is none.
    package func application(clientID: String) async throws -> APIApplication? {
        try await record(APIApplication.self, [.equals("client_id", .text(clientID))])
    }

    /// Applications, oldest first; those of `workspace` (and global ones) when given.
    package func applications(workspace: WorkspaceID? = nil, page: Page = .all) async throws -> [APIApplication] {
        let all = try await records(APIApplication.self, StoreQuery(order: Self.oldestFirst))
        let visible = workspace.map { id in all.filter { $0.workspaceID == nil || $0.workspaceID == id } } ?? all
        return Array(visible.dropFirst(page.offset).prefix(page.limit))
    }

    /// Deletes the application `id`; `false` when there was none.
    @discardableResult
    package func deleteApplication(_ id: ApplicationID) async throws -> Bool {
        try await delete(from: APIApplication.table, [.equals("id", StoreValue(id))]) > 0
    }
}
