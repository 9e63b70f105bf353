import AirbyteProtocol
import DuckDB

/// `_airbyte_destination_state`, laid out as PyAirbyte lays it out
/// (`destination_name`, `source_name`, `stream_name`, `state_json`,
/// `last_updated`): the last state each destination echoed for each stream of
/// each source it was synced from, a GLOBAL or LEGACY state under `_GLOBAL` / `_LEGACY`.
extension CacheBookkeeping {
    private var destinationStateTable: String { SQL.table(schema, "_airbyte_destination_state") }

    private func createDestinationStateTable() throws {
        try connection.execute("""
            CREATE TABLE IF NOT EXISTS \(destinationStateTable) (
                destination_name VARCHAR NOT NULL, source_name VARCHAR NOT NULL, stream_name VARCHAR NOT NULL,
                state_json VARCHAR, last_updated TIMESTAMPTZ DEFAULT current_timestamp,
                PRIMARY KEY (destination_name, source_name, stream_name))
            """)
    }

    /// The states `destination` echoed in syncs of `source`.
    func destinationStates(source: String, destination: String) throws -> [AirbyteStateMessage] {
        try createDestinationStateTable()
        let rows = try connection.query(
            "SELECT stream_name, state_json FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ? ORDER BY stream_name",
            .varchar(destination), .varchar(source)).rows()
        return try decodeStates(rows, of: "\(source) → \(destination)", startOver: "sync with --full-refresh to start over")
    }

    /// Saves a state `destination` echoed, replacing the one it supersedes.
    func saveDestinationState(_ state: AirbyteStateMessage, source: String, destination: String) throws {
        try createDestinationStateTable()
        var bytes: [UInt8] = []
        state.json.serialize(into: &bytes)
        try connection.withTransaction {
            if state.effectiveType == .stream {
                _ = try connection.query(
                    "DELETE FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ? AND stream_name IN (?, ?, ?)",
                    .varchar(destination), .varchar(source), .varchar(state.storageKey),
                    .varchar(Self.globalStreamName), .varchar(Self.legacyStreamName))
            } else {
                _ = try connection.query("DELETE FROM \(destinationStateTable) WHERE destination_name = ? AND source_name = ?",
                                         .varchar(destination), .varchar(source))
            }
            _ = try connection.query(
                "INSERT INTO \(destinationStateTable) (destination_name, source_name, stream_name, state_json, last_updated) VALUES (?, ?, ?, ?, current_timestamp)",
                .varchar(destination), .varchar(source), .varchar(state.storageKey), .varchar(String(decoding: bytes, as: UTF8.self)))
        }
    }
}
