import AirbyteProtocol
import DuckDB

/// `_airbyte_destination_state`, laid out as PyAirbyte lays it out
/// (`destination_name`, `source_name`, `stream_name`, `state_json`,
/// `last_updated`): the last state each destination echoed for each stream of
/// each source it was synced from, a GLOBAL or LEGACY state under `_GLOBAL` / `_LEGACY`.
/// Plus our `stream_namespace` (`''` for none), part of the key, so two
/// streams of one name in different namespaces keep a state each.
extension CacheBookkeeping {
    private var destinationStateTable: String { SQL.table(schema, "_airbyte_destination_state") }

    /// Creates the table, or moves a table of caches written before namespaces
    /// were part of its key into one that has them (in one transaction).
    private func createDestinationStateTable() throws {
        let columns = try connection.query(
            "SELECT column_name FROM duckdb_columns() WHERE schema_name = ? AND table_name = '_airbyte_destination_state'",
            .varchar(schema)
        ).rows().compactMap { $0.first?.string }
        let create = """
            CREATE TABLE \(destinationStateTable) (
                destination_name VARCHAR NOT NULL, source_name VARCHAR NOT NULL, stream_name VARCHAR NOT NULL,
                stream_namespace VARCHAR NOT NULL DEFAULT '',
                state_json VARCHAR, last_updated TIMESTAMPTZ DEFAULT current_timestamp,
                PRIMARY KEY (destination_name, source_name, stream_name, stream_namespace))
            """
        if columns.isEmpty {
            try connection.execute(create)
        } else if !columns.contains("stream_namespace") {
            let earlier = SQL.table(schema, "_airbyte_destination_state_before_namespaces")
            try connection.withTransaction {
                try connection.execute("ALTER TABLE \(destinationStateTable) RENAME TO \"_airbyte_destination_state_before_namespaces\"")
                try connection.execute(create)
                try connection.execute(
                    """
                    INSERT INTO \(destinationStateTable) (destination_name, source_name, stream_name, state_json, last_updated)
                    SELECT destination_name, source_name, stream_name, state_json, last_updated FROM \(earlier)
                    """)
                try connection.execute("DROP TABLE \(earlier)")
            }
        }
    }

    /// The states `destination` echoed in syncs of `source`.
    func destinationStates(source: String, destination: String) throws -> [AirbyteStateMessage] {
        try createDestinationStateTable()
        let rows = try connection.query(
            """
            SELECT stream_name, state_json FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ?
            ORDER BY stream_name, stream_namespace
            """, .varchar(destination), .varchar(source)
        ).rows()
        return try decodeStates(rows, of: "\(source) → \(destination)", startOver: "sync with --full-refresh to start over")
    }

    /// Saves a state `destination` echoed, replacing the one it supersedes.
    func saveDestinationState(_ state: AirbyteStateMessage, source: String, destination: String) throws {
        try createDestinationStateTable()
        var bytes: [UInt8] = []
        state.json.serialize(into: &bytes)
        let slot = state.slot
        try connection.withTransaction {
            if case .stream(let stream) = slot {
                _ = try connection.query(
                    """
                    DELETE FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ?
                    AND (\(Self.sameStream) OR stream_name IN (?, ?))
                    """, .varchar(destination), .varchar(source), .varchar(stream.name), .varchar(stream.effectiveNamespace ?? ""),
                    .varchar(Self.globalStreamName), .varchar(Self.legacyStreamName))
            } else {
                _ = try connection.query(
                    "DELETE FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ?",
                    .varchar(destination), .varchar(source))
            }
            _ = try connection.query(
                """
                INSERT INTO \(destinationStateTable) (destination_name, source_name, stream_name, stream_namespace, state_json, last_updated)
                VALUES (?, ?, ?, ?, ?, current_timestamp)
                """, .varchar(destination), .varchar(source), .varchar(slot.storedName), .varchar(slot.storedNamespace ?? ""),
                .varchar(String(decoding: bytes, as: UTF8.self)))
        }
    }
}
