import DuckDB
import Foundation

/// Reading and forgetting what the bookkeeping tables hold, for
/// ``Cache/streams()`` and ``Cache/savedStates(source:stream:)``.
extension CacheBookkeeping {
    /// One row of `_airbyte_streams` or `_airbyte_state` (or both) for a stream.
    struct StreamRecord {
        var source: String
        var stream: StreamDescriptor
        var tableName: String
        var generation: Int64?
        var syncMode: String?
        var destinationSyncMode: String?
        var lastRead: Date?
        var stateUpdated: Date?
    }

    /// Every stream the cache knows of: those a read finished (`_airbyte_streams`)
    /// and those with a saved state, sorted by source, stream and namespace. A
    /// stream of a source keeping one GLOBAL or LEGACY state gets that state's update time.
    func streamRecords() throws(DuckDBError) -> [StreamRecord] {
        let shared = "('\(Self.globalStreamName)', '\(Self.legacyStreamName)')"
        let rows = try connection.query(
            """
            WITH finished AS (SELECT * FROM \(streamsTable)),
            states AS (SELECT * FROM \(stateTable) WHERE stream_name NOT IN \(shared)),
            shared_states AS (SELECT source_name, max(last_updated) AS last_updated FROM \(stateTable)
                              WHERE stream_name IN \(shared) GROUP BY source_name)
            SELECT coalesce(f.source_name, s.source_name) AS source, coalesce(f.stream_name, s.stream_name) AS stream,
                   coalesce(f.table_name, s.table_name), f.generation_id, f.sync_mode, f.destination_sync_mode,
                   f.last_updated, coalesce(s.last_updated, g.last_updated),
                   nullif(coalesce(f.stream_namespace, s.stream_namespace, ''), '') AS namespace
            FROM finished f FULL OUTER JOIN states s ON f.source_name = s.source_name AND f.stream_name = s.stream_name
                 AND coalesce(f.stream_namespace, '') = coalesce(s.stream_namespace, '')
            LEFT JOIN shared_states g ON g.source_name = coalesce(f.source_name, s.source_name)
            ORDER BY source, stream, namespace NULLS FIRST
            """
        ).rows()
        return rows.map { row in
            StreamRecord(
                source: row[0].string ?? "", stream: StreamDescriptor(name: row[1].string ?? "", namespace: row[8].string),
                tableName: qualifiedTableName(row[2].string ?? ""),
                generation: row[3].int64, syncMode: row[4].string, destinationSyncMode: row[5].string,
                lastRead: row[6].date, stateUpdated: row[7].date)
        }
    }

    /// The saved states, of every source or of `source`, sorted by source, stream and namespace.
    func savedStateRows(source: String?) throws(DuckDBError) -> [SavedState] {
        let statement = try connection.prepare(
            """
            SELECT source_name, stream_name, nullif(stream_namespace, '') AS namespace, table_name, state_json, last_updated
            FROM \(stateTable) WHERE \(source == nil ? "true" : "source_name = ?")
            ORDER BY source_name, stream_name, namespace NULLS FIRST
            """)
        if let source { try statement.bind([.varchar(source)]) }
        let rows = try statement.query().rows()
        return rows.map { row in
            SavedState(
                source: row[0].string ?? "", stream: row[1].string ?? "", namespace: row[2].string,
                tableName: qualifiedTableName(row[3].string ?? ""), json: row[4].string ?? "", updated: row[5].date)
        }
    }

    /// Deletes `states`, in one transaction.
    func deleteStates(_ states: [SavedState]) throws {
        try connection.withTransaction {
            for state in states {
                _ = try connection.query(
                    "DELETE FROM \(stateTable) WHERE source_name = ? AND \(Self.sameStream)",
                    .varchar(state.source), .varchar(state.stream), .varchar(state.namespace ?? ""))
            }
        }
    }
}
