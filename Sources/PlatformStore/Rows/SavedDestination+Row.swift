extension SavedDestination: StoredRecord {
    static var table: StoreTable { .destinations }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": StoreValue(id), "workspace_id": StoreValue(workspaceID), "definition_id": StoreValue(definitionID),
            "name": .text(name), "configuration": .json(configuration), "tombstone": .bool(isDeleted),
            "created_at": StoreValue(createdAt), "updated_at": StoreValue(updatedAt),
        ])
    }

    init(row: StoreRow) throws {
        self.init(
            id: try row.identifier("id"), workspaceID: try row.identifier("workspace_id"),
            definitionID: try row.identifier("definition_id"), name: try row.text("name"),
            configuration: try row.json("configuration"), isDeleted: try row.bool("tombstone"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
