extension APIApplication: StoredRecord {
    static var table: StoreTable { .applications }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": StoreValue(id), "workspace_id": StoreValue(workspaceID), "name": .text(name),
            "client_id": .text(clientID), "secret_hash": .text(secretHash), "created_at": StoreValue(createdAt),
        ])
    }

    init(row: StoreRow) throws {
        self.init(
            id: try row.identifier("id"), workspaceID: try row.optionalIdentifier("workspace_id"),
            name: try row.text("name"), clientID: try row.text("client_id"),
            secretHash: try row.text("secret_hash"), createdAt: try row.date("created_at"))
    }
}
