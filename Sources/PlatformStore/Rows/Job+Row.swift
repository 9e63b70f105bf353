import AirbyteProtocol

extension Job: StoredRecord {
    static var table: StoreTable { .jobs }

    func row() throws -> StoreRow {
        Self.makeRow([
            "id": .integer(id.rawValue), "connection_id": StoreValue(connectionID), "workspace_id": StoreValue(workspaceID),
            "type": .text(type.rawValue), "status": .text(status.rawValue), "trigger": .text(trigger.rawValue),
            "scheduled_for": StoreValue(scheduledFor), "streams": Self.streamsValue(streams),
            "max_attempts": .integer(Int64(maxAttempts)), "attempt_count": .integer(Int64(attemptCount)),
            "next_attempt_at": StoreValue(nextAttemptAt), "cancel_requested": .bool(cancelRequested),
            "lease_owner": StoreValue(lease?.owner), "lease_expires_at": StoreValue(lease?.expiresAt),
            "created_at": StoreValue(createdAt), "updated_at": StoreValue(updatedAt),
            "started_at": StoreValue(startedAt), "ended_at": StoreValue(endedAt),
        ])
    }

    init(row: StoreRow) throws {
        let lease: Lease? =
            switch (try row.optionalText("lease_owner"), try row.optionalDate("lease_expires_at")) {
            case (let owner?, let expiresAt?): Lease(owner: owner, expiresAt: expiresAt)
            default: nil
            }
        self.init(
            id: JobID(try row.integer("id")), connectionID: try row.identifier("connection_id"),
            workspaceID: try row.identifier("workspace_id"), type: try row.enumeration("type"),
            status: try row.enumeration("status"), trigger: try row.enumeration("trigger"),
            scheduledFor: try row.optionalDate("scheduled_for"), streams: try Self.streams(in: row),
            maxAttempts: Int(try row.integer("max_attempts")), attemptCount: Int(try row.integer("attempt_count")),
            nextAttemptAt: try row.optionalDate("next_attempt_at"), cancelRequested: try row.bool("cancel_requested"),
            lease: lease, createdAt: try row.date("created_at"), updatedAt: try row.date("updated_at"),
            startedAt: try row.optionalDate("started_at"), endedAt: try row.optionalDate("ended_at"))
    }

    /// Stream descriptors as a JSON array of `{name, namespace}`.
    static func streamsValue(_ streams: [StreamDescriptor]?) -> StoreValue {
        .json(streams.map { .array($0.map(\.json)) })
    }

    private static func streams(in row: StoreRow) throws -> [StreamDescriptor]? {
        guard let json = try row.optionalJSON("streams") else { return nil }
        guard case .array(let elements) = json else {
            throw StoreError(.corruptRow, message: "jobs.streams is not an array of stream descriptors")
        }
        do {
            return try elements.map { try StreamDescriptor(json: $0) }
        } catch {
            throw StoreError(.corruptRow, message: "jobs.streams is not an array of stream descriptors", underlying: error)
        }
    }
}
