extension PlatformStore {
    /// Saves a new workspace. Throws ``StoreError/Code/conflict`` when its id is taken.
    package func insertWorkspace(_ workspace: Workspace) async throws {
        _ = try await insertRecord(workspace)
    }

    /// The workspace `id` (deleted ones too); `nil` when there is none.
    package func workspace(_ id: WorkspaceID) async throws -> Workspace? {
        try await record(Workspace.self, [.equals("id", StoreValue(id))])
    }

    /// Workspaces, oldest first: those of `ids` when given; deleted ones only with `includeDeleted`.
    package func workspaces(
        ids: [WorkspaceID]? = nil, includeDeleted: Bool = false,
        page: Page = .all
    ) async throws -> [Workspace] {
        var conditions: [StoreQuery.Condition] = []
        if let ids { conditions.append(.isIn("id", ids.map { StoreValue($0) })) }
        if !includeDeleted { conditions.append(.equals("tombstone", .bool(false))) }
        return try await records(Workspace.self, page.applied(to: StoreQuery(conditions, order: Self.oldestFirst)))
    }

    /// Replaces the workspace with `workspace`'s id. Throws ``StoreError/Code/notFound``.
    package func updateWorkspace(_ workspace: Workspace) async throws {
        try await updateRecord(workspace, what: "workspace \(workspace.id)")
    }

    /// The default workspace: the oldest one not deleted. The first migration
    /// creates it ("Default Workspace"); throws ``StoreError/Code/notFound`` if every workspace was deleted.
    package func defaultWorkspace() async throws -> Workspace {
        guard let workspace = try await workspaces(page: Page(limit: 1)).first else {
            throw StoreError(.notFound, message: "there is no workspace: every workspace was deleted")
        }
        return workspace
    }

    static var oldestFirst: [(column: String, ascending: Bool)] { [("created_at", true), ("id", true)] }
}
