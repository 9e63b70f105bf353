import AirbyteProtocol

extension SavedConnection: StoredRecord {
    static var table: StoreTable { .connections }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": StoreValue(id), "workspace_id": StoreValue(workspaceID), "name": .text(name),
            "source_id": StoreValue(sourceID), "destination_id": StoreValue(destinationID),
            "streams": try .encoded(streams), "catalog": StoreValue(storedCatalog.text),
            "catalog_streams": .json(storedCatalog.withoutSchemas?.json),
            "namespace_definition": .text(namespaceDefinition.rawValue), "namespace_format": StoreValue(namespaceFormat),
            "prefix": .text(prefix), "schedule": try .encoded(schedule),
            "schedule_updated_at": StoreValue(scheduleUpdatedAt), "status": .text(status.rawValue),
            "status_reason": StoreValue(statusReason), "non_breaking_changes": .text(nonBreakingChangesBehavior.rawValue),
            "retry_policy": try .encodedIfPresent(retryPolicy), "failure_threshold": StoreValue(failureThreshold),
            "notifications": try .encodedIfPresent(notifications),
            "created_at": StoreValue(createdAt), "updated_at": StoreValue(updatedAt),
        ])
    }

    init(row: StoreRow) throws {
        let outline: AirbyteCatalog?
        do {
            outline = try row.optionalJSON("catalog_streams").map { try AirbyteCatalog(json: $0) }
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corruptRow, message: "connections.catalog_streams is not an Airbyte catalog", underlying: error)
        }
        self.init(
            id: try row.identifier("id"), workspaceID: try row.identifier("workspace_id"),
            name: try row.text("name"), sourceID: try row.identifier("source_id"),
            destinationID: try row.identifier("destination_id"), streams: try row.decoded("streams"),
            namespaceDefinition: try row.enumeration("namespace_definition"),
            namespaceFormat: try row.optionalText("namespace_format"), prefix: try row.text("prefix"),
            schedule: try row.decoded("schedule"), scheduleUpdatedAt: try row.date("schedule_updated_at"),
            status: try row.enumeration("status"),
            statusReason: try row.optionalText("status_reason"),
            nonBreakingChangesBehavior: try row.enumeration("non_breaking_changes"),
            retryPolicy: try row.optionalDecoded("retry_policy"),
            failureThreshold: try row.optionalInteger("failure_threshold").map { Int($0) },
            notifications: try row.optionalDecoded("notifications"),
            createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"))
        storedCatalog = try StoredCatalog(text: try row.optionalText("catalog"), outline: outline)
    }
}
