extension Attempt: StoredRecord {
    static var table: StoreTable { .attempts }

    func row() throws -> StoreRow {
        Self.makeRow([
            "job_id": .integer(jobID.rawValue), "number": .integer(Int64(number)), "status": .text(status.rawValue),
            "worker": .text(worker), "log_path": StoreValue(logPath), "stream_stats": try .encoded(streamStats),
            "failure": try .encodedIfPresent(failure), "created_at": StoreValue(createdAt),
            "updated_at": StoreValue(updatedAt), "ended_at": StoreValue(endedAt),
        ])
    }

    init(row: StoreRow) throws {
        self.init(
            jobID: JobID(try row.integer("job_id")), number: Int(try row.integer("number")),
            status: try row.enumeration("status"), worker: try row.text("worker"),
            logPath: try row.optionalText("log_path"), streamStats: try row.decoded("stream_stats"),
            failure: try row.optionalDecoded("failure"), createdAt: try row.date("created_at"),
            updatedAt: try row.date("updated_at"), endedAt: try row.optionalDate("ended_at"))
    }
}
