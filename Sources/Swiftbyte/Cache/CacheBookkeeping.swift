import AirbyteProtocol
import DuckDB

/// The cache's bookkeeping tables, in the cache file beside the stream tables:
///
/// - `_airbyte_state`, as PyAirbyte lays it out (`source_name`, `stream_name`,
///   `table_name`, `state_json`, `last_updated`): the last acknowledged STATE
///   of each stream of each source; a GLOBAL or LEGACY state under the stream
///   names `_GLOBAL` / `_LEGACY`. Plus our `stream_namespace` (NULL for none):
///   a stream is its name *and* namespace, so `sales.users` and `public.users`
///   keep a state each.
/// - `_airbyte_streams`, as PyAirbyte lays it out (`stream_name`,
///   `source_name`, `table_name` as its key, `catalog_metadata`: the stream's
///   JSON schema), so PyAirbyte pointed at the cache finds its streams; plus our
///   columns: the stream's namespace, generation, sync modes and the id of the
///   read that last completed it, for the next read's catalog and for ``Cache/streams()``.
///
/// Rows PyAirbyte writes leave `stream_namespace` NULL, which is read as no namespace.
struct CacheBookkeeping {
    static let globalStreamName = "_GLOBAL"
    static let legacyStreamName = "_LEGACY"

    let connection: Connection
    let schema: String

    init(database: Database, schema: String) throws(DuckDBError) {
        connection = try database.connect()
        self.schema = schema
        try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(schema))")
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(stateTable) (
                source_name VARCHAR, stream_name VARCHAR, table_name VARCHAR,
                state_json VARCHAR, last_updated TIMESTAMPTZ DEFAULT current_timestamp)
            """)
        try connection.execute("ALTER TABLE \(stateTable) ADD COLUMN IF NOT EXISTS stream_namespace VARCHAR")
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS \(streamsTable) (
                stream_name VARCHAR, source_name VARCHAR, table_name VARCHAR PRIMARY KEY, catalog_metadata VARCHAR)
            """)
        // Our columns: absent from a table PyAirbyte created.
        for (column, type) in Self.streamsColumns {
            try connection.execute("ALTER TABLE \(streamsTable) ADD COLUMN IF NOT EXISTS \(column) \(type)")
        }
        try migrateEarlierStreamsTable()
    }

    /// The columns `_airbyte_streams` has beyond PyAirbyte's.
    private static let streamsColumns = [
        ("generation_id", "BIGINT"), ("sync_id", "BIGINT"), ("last_updated", "TIMESTAMPTZ"),
        ("sync_mode", "VARCHAR"), ("destination_sync_mode", "VARCHAR"),
        ("stream_namespace", "VARCHAR"),
    ]

    /// SQL true when a row's stream is the one bound to the next two
    /// parameters (name, then namespace or `''`): NULL and `''` are no namespace.
    static let sameStream = "(stream_name = ? AND coalesce(stream_namespace, '') = ?)"

    /// Moves the rows of `_swiftbyte_streams`, where caches written before
    /// November 2026 kept their streams, into `_airbyte_streams` (the newest row
    /// per table; an unknown schema as `{}`), and drops it.
    private func migrateEarlierStreamsTable() throws(DuckDBError) {
        guard let earlier = try Cache.quotedTable(schema + "._swiftbyte_streams", connection: connection) else { return }
        // Idempotent without a transaction: rows already moved are skipped.
        try connection.execute(
            """
            INSERT INTO \(streamsTable) (stream_name, source_name, table_name, catalog_metadata, generation_id, sync_id,
                                        last_updated, sync_mode, destination_sync_mode)
            SELECT stream_name, source_name, table_name, '{}', generation_id, sync_id, last_updated, sync_mode, destination_sync_mode
            FROM \(earlier) e
            WHERE NOT EXISTS (SELECT 1 FROM \(streamsTable) s WHERE s.table_name = e.table_name)
            QUALIFY row_number() OVER (PARTITION BY table_name ORDER BY last_updated DESC) = 1
            """)
        try connection.execute("DROP TABLE \(earlier)")
    }

    var stateTable: String { SQL.table(schema, "_airbyte_state") }
    var streamsTable: String { SQL.table(schema, "_airbyte_streams") }

    /// The saved states of `source`, to resume from: its GLOBAL (or LEGACY)
    /// state if it keeps one, else its streams' states.
    func states(source: String) throws -> [AirbyteStateMessage] {
        let rows = try connection.query(
            "SELECT stream_name, state_json FROM \(stateTable) WHERE source_name = ? ORDER BY stream_name, stream_namespace",
            .varchar(source)
        ).rows()
        return try decodeStates(rows, of: source, startOver: "run the read with --full-refresh to start over")
    }

    /// Saves an acknowledged state of `source`, replacing the one it supersedes
    /// (its stream's, and any GLOBAL or LEGACY state; a GLOBAL or LEGACY state
    /// replaces every other). `tableNames` gives each stream's `schema.table`.
    func save(_ state: AirbyteStateMessage, source: String, tableNames: [StreamDescriptor: String]) throws {
        let slot = state.slot
        let tableName: String
        switch slot {
        case .stream(let stream): tableName = storedTableName(tableNames[stream] ?? stream.name)
        case .global, .legacy: tableName = slot.storedName
        }
        var bytes: [UInt8] = []
        state.json.serialize(into: &bytes)
        let json = String(decoding: bytes, as: UTF8.self)
        try connection.withTransaction {
            if case .stream(let stream) = slot {
                _ = try connection.query(
                    "DELETE FROM \(stateTable) WHERE source_name = ? AND (\(Self.sameStream) OR stream_name IN (?, ?))",
                    .varchar(source), .varchar(stream.name), .varchar(stream.effectiveNamespace ?? ""),
                    .varchar(Self.globalStreamName), .varchar(Self.legacyStreamName))
            } else {
                _ = try connection.query("DELETE FROM \(stateTable) WHERE source_name = ?", .varchar(source))
            }
            _ = try connection.query(
                """
                INSERT INTO \(stateTable) (source_name, stream_name, stream_namespace, table_name, state_json, last_updated)
                VALUES (?, ?, ?, ?, ?, current_timestamp)
                """, .varchar(source), .varchar(slot.storedName), slot.storedNamespace.map(DuckDBValue.varchar) ?? .null,
                .varchar(tableName), .varchar(json))
        }
    }

    /// Each stream's generation in the last read of `source` that finished it.
    func generations(source: String) throws -> [StreamDescriptor: Int64] {
        let rows = try connection.query(
            "SELECT stream_name, stream_namespace, generation_id FROM \(streamsTable) WHERE source_name = ?", .varchar(source)
        ).rows()
        var generations: [StreamDescriptor: Int64] = [:]
        for row in rows {
            if let name = row[0].string, let generation = row[2].int64 {
                generations[StreamDescriptor(name: name, namespace: row[1].string)] = generation
            }
        }
        return generations
    }

    /// Records the JSON schema, generation and read id of `streams` after a
    /// read of `source`: one row per table, as PyAirbyte keeps it (a stream
    /// another source wrote into the same table before is now this source's).
    func saveGenerations(_ streams: [ConfiguredAirbyteStream], source: String, tableNames: [StreamDescriptor: String]) throws {
        try connection.withTransaction {
            for configured in streams {
                let stream = configured.streamDescriptor
                let tableName = storedTableName(tableNames[stream] ?? stream.name)
                var schemaJSON: [UInt8] = []
                JSONValue.object(configured.stream.jsonSchema).serialize(into: &schemaJSON)
                _ = try connection.query(
                    "DELETE FROM \(streamsTable) WHERE table_name = ? OR (source_name = ? AND \(Self.sameStream))",
                    .varchar(tableName), .varchar(source), .varchar(stream.name),
                    .varchar(stream.effectiveNamespace ?? ""))
                _ = try connection.query(
                    """
                    INSERT INTO \(streamsTable) (stream_name, stream_namespace, source_name, table_name, catalog_metadata, \
                    generation_id, sync_id, last_updated, sync_mode, destination_sync_mode) \
                    VALUES (?, ?, ?, ?, ?, ?, ?, current_timestamp, ?, ?)
                    """,
                    .varchar(stream.name), stream.effectiveNamespace.map(DuckDBValue.varchar) ?? .null,
                    .varchar(source), .varchar(tableName), .varchar(String(decoding: schemaJSON, as: UTF8.self)),
                    .integer(configured.generationId ?? 0), .integer(configured.syncId ?? 0),
                    .varchar(configured.syncMode.rawValue), .varchar(configured.destinationSyncMode.rawValue))
            }
        }
    }

    /// `table_name` as PyAirbyte stores it: the bare table name for a table in
    /// the cache's schema (`users`); `schema.table` for a stream whose namespace
    /// put it in another schema. Normalized names never contain a dot.
    func storedTableName(_ qualified: String) -> String {
        let prefix = schema + "."
        return qualified.hasPrefix(prefix) ? String(qualified.dropFirst(prefix.count)) : qualified
    }

    /// `schema.table` for a stored `table_name` (the inverse of ``storedTableName(_:)``);
    /// the `_GLOBAL`/`_LEGACY` placeholders and empty names stay as they are.
    func qualifiedTableName(_ stored: String) -> String {
        guard !stored.isEmpty, !stored.contains("."), stored != Self.globalStreamName, stored != Self.legacyStreamName else {
            return stored
        }
        return schema + "." + stored
    }

    /// The STATE messages in `rows` of (`stream_name`, `state_json`).
    /// - Throws: ``CacheError`` naming `owner` and the stream when a row is not a
    ///   valid STATE message, and saying how to `startOver`.
    func decodeStates(_ rows: [[DuckDBValue]], of owner: String, startOver: String) throws -> [AirbyteStateMessage] {
        try rows.compactMap { row -> AirbyteStateMessage? in
            guard let text = row[1].string else { return nil }
            do {
                return try AirbyteStateMessage(json: JSONValue(parsing: text))
            } catch {
                throw CacheError(
                    .invalidSavedState, path: connection.database.path ?? "",
                    reason:
                        "the saved state of \(owner), stream \(row[0].string ?? "?"), is not a valid STATE message (\(error)); \(startOver)",
                    underlying: error)
            }
        }
    }
}
