extension Workspace: StoredRecord {
    static var table: StoreTable { .workspaces }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": StoreValue(id), "name": .text(name), "notifications": try .encoded(notifications),
            "tombstone": .bool(isDeleted), "created_at": StoreValue(createdAt), "updated_at": StoreValue(updatedAt),
            "failure_threshold": failureThreshold.map { .integer(Int64($0)) } ?? .null,
        ])
    }

    init(row: StoreRow) throws {
        self.init(
            id: try row.identifier("id"), name: try row.text("name"),
            notifications: try row.decoded("notifications"),
            failureThreshold: try row.optionalInteger("failure_threshold").map { Int($0) }, isDeleted: try row.bool("tombstone"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
