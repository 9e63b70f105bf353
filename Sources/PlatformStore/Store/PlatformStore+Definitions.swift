extension PlatformStore {
    /// Saves a new definition; with `ifAbsent`, one with the same id is kept
    /// (and `false` returned), so fixed ids can be saved by every process at start.
    @discardableResult
    package func insertDefinition(_ definition: ConnectorDefinition, ifAbsent: Bool = false) async throws -> Bool {
        try await insertRecord(definition, ifAbsent: ifAbsent)
    }

    /// The definition `id`; `nil` when there is none.
    package func definition(_ id: DefinitionID) async throws -> ConnectorDefinition? {
        try await record(ConnectorDefinition.self, [.equals("id", StoreValue(id))])
    }

    /// The definition of `kind` with Airbyte's short `type` (`faker`, `duckdb`)
    /// that `workspace` sees: its own first, then a global one.
    package func definition(
        kind: ConnectorDefinition.Kind, type: String,
        workspace: WorkspaceID? = nil
    ) async throws -> ConnectorDefinition? {
        let matches = try await records(
            ConnectorDefinition.self,
            StoreQuery(
                [.equals("kind", .text(kind.rawValue)), .equals("type", .text(type))], order: Self.oldestFirst))
        return matches.first { $0.workspaceID != nil && $0.workspaceID == workspace }
            ?? matches.first { $0.workspaceID == nil }
    }

    /// The definitions of `kind` (both when `nil`) that `workspace` sees (global
    /// ones, plus the workspace's own when given), oldest first.
    package func definitions(
        kind: ConnectorDefinition.Kind? = nil, workspace: WorkspaceID? = nil,
        page: Page = .all
    ) async throws -> [ConnectorDefinition] {
        let conditions: [StoreQuery.Condition] = kind.map { [.equals("kind", .text($0.rawValue))] } ?? []
        let all = try await records(ConnectorDefinition.self, StoreQuery(conditions, order: Self.oldestFirst))
        let visible = all.filter { $0.workspaceID == nil || ($0.workspaceID == workspace && workspace != nil) }
        return Array(visible.dropFirst(page.offset).prefix(page.limit))
    }

    /// Replaces the definition with `definition`'s id. Throws ``StoreError/Code/notFound``.
    package func updateDefinition(_ definition: ConnectorDefinition) async throws {
        try await updateRecord(definition, what: "connector definition \(definition.id)")
    }
}
