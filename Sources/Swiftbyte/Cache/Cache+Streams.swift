import AirbyteProtocol
public import DuckDB

extension Cache {
    /// What the cache holds, one entry per stream of each source read into it:
    /// its table and row count, how it was last read, and when its state was
    /// last saved. Sorted by source, then stream name and namespace.
    ///
    /// ```swift
    /// for stream in try cache.streams() {
    ///     print(stream.name, stream.tableName, stream.rowCount ?? 0)
    /// }
    /// ```
    public func streams() throws(DuckDBError) -> [CachedStream] {
        let bookkeeping = try CacheBookkeeping(database: database, schema: schema)
        let connection = bookkeeping.connection
        return try bookkeeping.streamRecords().map { (record) throws(DuckDBError) in
            CachedStream(
                source: record.source, name: record.stream.name, namespace: record.stream.effectiveNamespace,
                tableName: record.tableName,
                rowCount: try Self.rowCount(of: record.tableName, connection: connection),
                syncMode: record.syncMode.map { SyncMode(rawValue: $0) },
                destinationSyncMode: record.destinationSyncMode.map { DestinationSyncMode(rawValue: $0) },
                generation: record.generation, lastRead: record.lastRead, stateUpdated: record.stateUpdated)
        }
    }

    /// The stream named `name` (of `source`, when given): its name alone, or
    /// `namespace.name` for a stream with a namespace.
    /// - Throws: ``CacheStreamError`` when the cache holds no such stream (listing
    ///   those it holds), or when several streams match: of several sources
    ///   (give `source`) or of several namespaces (give `namespace.name`).
    public func stream(named name: String, source: String? = nil) throws -> CachedStream {
        let all = try streams()
        let matches = all.filter { $0.descriptor.isNamed(name) && (source == nil || $0.source == source) }
        guard let first = matches.first else {
            throw CacheStreamError(.unknownStream, stream: name, source: source, knownStreams: Self.names(of: all))
        }
        guard matches.count == 1 else {
            throw CacheStreamError(
                .ambiguousStream, stream: name, source: source, knownStreams: Self.names(of: matches),
                sources: matches.map(\.source))
        }
        return first
    }

    /// Stream names for messages: `users`, `sales.users` for a stream with a
    /// namespace, `source/users` when several sources have that stream.
    static func names(of streams: [CachedStream]) -> [String] {
        var sourcesByStream: [StreamDescriptor: Set<String>] = [:]
        for stream in streams { sourcesByStream[stream.descriptor, default: []].insert(stream.source) }
        return streams.map { stream in
            let name = stream.descriptor.description
            return (sourcesByStream[stream.descriptor]?.count ?? 0) > 1 ? "\(stream.source)/\(name)" : name
        }
    }

    /// `schema.table` as DuckDB's catalog has it, quoted for SQL; `nil` when there is no such table.
    static func quotedTable(_ tableName: String, connection: Connection) throws(DuckDBError) -> String? {
        let row = try connection.query(
            "SELECT schema_name, table_name FROM duckdb_tables() WHERE schema_name || '.' || table_name = ? LIMIT 1",
            .varchar(tableName)
        ).rows().first
        guard let schema = row?[0].string, let table = row?[1].string else { return nil }
        return SQL.table(schema, table)
    }

    private static func rowCount(of tableName: String, connection: Connection) throws(DuckDBError) -> Int? {
        guard let table = try quotedTable(tableName, connection: connection) else { return nil }
        return try connection.scalar("SELECT count(*) FROM \(table)")?.int64.map(Int.init)
    }
}
