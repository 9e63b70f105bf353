import Foundation

extension PlatformStore {
    /// Saves a new connection.
    package func insertConnection(_ connection: SavedConnection) async throws {
        _ = try await insertRecord(connection)
    }

    /// The connection `id` (deleted ones too); `nil` when there is none.
    package func connection(_ id: ConnectionID) async throws -> SavedConnection? {
        try await record(SavedConnection.self, [.equals("id", StoreValue(id))])
    }

    /// Connections, oldest first, narrowed by whichever of `workspaces`, `source`,
    /// `destination` and `statuses` are given; deleted (`deprecated`) ones only with `includeDeleted`.
    package func connections(
        workspaces: [WorkspaceID]? = nil, source: SourceID? = nil,
        destination: DestinationID? = nil, statuses: [ConnectionStatus]? = nil,
        includeDeleted: Bool = false, page: Page = .all
    ) async throws -> [SavedConnection] {
        var conditions: [StoreQuery.Condition] = []
        if let workspaces { conditions.append(.isIn("workspace_id", workspaces.map { StoreValue($0) })) }
        if let source { conditions.append(.equals("source_id", StoreValue(source))) }
        if let destination { conditions.append(.equals("destination_id", StoreValue(destination))) }
        if let statuses { conditions.append(.isIn("status", statuses.map { .text($0.rawValue) })) }
        if !includeDeleted { conditions.append(.notEquals("status", .text(ConnectionStatus.deprecated.rawValue))) }
        return try await records(SavedConnection.self, page.applied(to: StoreQuery(conditions, order: Self.oldestFirst)))
    }

    /// How many connections ``connections(workspaces:source:destination:statuses:includeDeleted:page:)`` lists
    /// with these filters and no page.
    package func countConnections(
        workspaces: [WorkspaceID]? = nil, statuses: [ConnectionStatus]? = nil,
        includeDeleted: Bool = false
    ) async throws -> Int {
        var conditions: [StoreQuery.Condition] = []
        if let workspaces { conditions.append(.isIn("workspace_id", workspaces.map { StoreValue($0) })) }
        if let statuses { conditions.append(.isIn("status", statuses.map { .text($0.rawValue) })) }
        if !includeDeleted { conditions.append(.notEquals("status", .text(ConnectionStatus.deprecated.rawValue))) }
        return try await count(in: SavedConnection.table, conditions)
    }

    /// Replaces the connection with `connection`'s id. Throws ``StoreError/Code/notFound``.
    package func updateConnection(_ connection: SavedConnection) async throws {
        try await updateRecord(connection, what: "connection \(connection.id)")
    }

    /// Caches a source's discovered catalog, replacing the previous one.
    package func saveDiscoveredCatalog(_ catalog: DiscoveredCatalog) async throws {
        try await upsert(catalog.row(), into: DiscoveredCatalog.table)
    }

    /// The source's cached catalog; `nil` when it was never discovered.
    package func discoveredCatalog(_ source: SourceID) async throws -> DiscoveredCatalog? {
        try await record(DiscoveredCatalog.self, [.equals("source_id", StoreValue(source))])
    }
}
