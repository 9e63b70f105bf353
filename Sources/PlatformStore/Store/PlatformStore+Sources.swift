extension PlatformStore {
    /// Saves a new source (its configuration as given: encrypt secrets first).
    package func insertSource(_ source: SavedSource) async throws {
        _ = try await insertRecord(source)
    }

    /// The source `id` (deleted ones too); `nil` when there is none.
    package func source(_ id: SourceID) async throws -> SavedSource? {
        try await record(SavedSource.self, [.equals("id", StoreValue(id))])
    }

    /// Sources of `workspaces` (all when `nil`), oldest first; deleted ones only with `includeDeleted`.
    package func sources(
        workspaces: [WorkspaceID]? = nil, includeDeleted: Bool = false,
        page: Page = .all
    ) async throws -> [SavedSource] {
        try await records(
            SavedSource.self,
            page.applied(
                to: StoreQuery(
                    Self.workspaceConditions(workspaces, includeDeleted: includeDeleted), order: Self.oldestFirst)))
    }

    /// The sources with these ids (deleted ones too), by id.
    package func sources(ids: [SourceID]) async throws -> [SourceID: SavedSource] {
        guard !ids.isEmpty else { return [:] }
        let sources = try await records(SavedSource.self, StoreQuery([.isIn("id", ids.map { StoreValue($0) })]))
        return Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Replaces the source with `source`'s id. Throws ``StoreError/Code/notFound``.
    package func updateSource(_ source: SavedSource) async throws {
        try await updateRecord(source, what: "source \(source.id)")
    }

    /// Saves a new destination (its configuration as given: encrypt secrets first).
    package func insertDestination(_ destination: SavedDestination) async throws {
        _ = try await insertRecord(destination)
    }

    /// The destination `id` (deleted ones too); `nil` when there is none.
    package func destination(_ id: DestinationID) async throws -> SavedDestination? {
        try await record(SavedDestination.self, [.equals("id", StoreValue(id))])
    }

    /// Destinations of `workspaces` (all when `nil`), oldest first; deleted ones only with `includeDeleted`.
    package func destinations(
        workspaces: [WorkspaceID]? = nil, includeDeleted: Bool = false,
        page: Page = .all
    ) async throws -> [SavedDestination] {
        try await records(
            SavedDestination.self,
            page.applied(
                to: StoreQuery(
                    Self.workspaceConditions(workspaces, includeDeleted: includeDeleted), order: Self.oldestFirst)))
    }

    /// The destinations with these ids (deleted ones too), by id.
    package func destinations(ids: [DestinationID]) async throws -> [DestinationID: SavedDestination] {
        guard !ids.isEmpty else { return [:] }
        let destinations = try await records(SavedDestination.self, StoreQuery([.isIn("id", ids.map { StoreValue($0) })]))
        return Dictionary(destinations.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Replaces the destination with `destination`'s id. Throws ``StoreError/Code/notFound``.
    package func updateDestination(_ destination: SavedDestination) async throws {
        try await updateRecord(destination, what: "destination \(destination.id)")
    }

    static func workspaceConditions(_ workspaces: [WorkspaceID]?, includeDeleted: Bool) -> [StoreQuery.Condition] {
        var conditions: [StoreQuery.Condition] = []
        if let workspaces { conditions.append(.isIn("workspace_id", workspaces.map { StoreValue($0) })) }
        if !includeDeleted { conditions.append(.equals("tombstone", .bool(false))) }
        return conditions
    }
}
