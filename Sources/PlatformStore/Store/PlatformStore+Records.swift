/// The generic operations on a ``StoredRecord``, on which the typed methods are built.
extension PlatformStore {
    func insertRecord<Record: StoredRecord>(_ record: Record, ifAbsent: Bool = false) async throws -> Bool {
        try await insert(record.row(), into: Record.table, ifAbsent: ifAbsent)
    }

    func updateRecord<Record: StoredRecord>(_ record: Record, what: String) async throws {
        guard try await update(record.row(), in: Record.table) else {
            throw StoreError(.notFound, message: "there is no \(what) to update")
        }
    }

    func records<Record: StoredRecord>(_ type: Record.Type, _ query: StoreQuery) async throws -> [Record] {
        try await select(from: Record.table, query).map(Record.init(row:))
    }

    func record<Record: StoredRecord>(_ type: Record.Type, _ conditions: [StoreQuery.Condition]) async throws -> Record? {
        try await records(Record.self, StoreQuery(conditions, limit: 1)).first
    }
}

extension Page {
    /// `query` limited to this page.
    func applied(to query: StoreQuery) -> StoreQuery {
        var query = query
        query.limit = limit
        query.offset = offset
        return query
    }
}
