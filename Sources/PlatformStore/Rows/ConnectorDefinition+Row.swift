extension ConnectorDefinition: StoredRecord {
    static var table: StoreTable { .connectorDefinitions }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": StoreValue(id), "kind": .text(kind.rawValue), "name": .text(name), "type": .text(type),
            "display_name": .text(displayName), "runtime": try .encoded(runtime), "workspace_id": StoreValue(workspaceID),
            "created_at": StoreValue(createdAt), "updated_at": StoreValue(updatedAt),
        ])
    }

    init(row: StoreRow) throws {
        self.init(
            id: try row.identifier("id"), kind: try row.enumeration("kind"), name: try row.text("name"),
            type: try row.text("type"), displayName: try row.text("display_name"),
            runtime: try row.decoded("runtime"), workspaceID: try row.optionalIdentifier("workspace_id"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
    }
}
