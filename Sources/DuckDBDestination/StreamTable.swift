import DestinationKit
import DuckDB

/// How one configured stream lands in DuckDB: its final table, its columns
/// (JSON key → column, kind), and what its sync mode needs.
struct StreamTable {
    struct Column: Equatable {
        /// The property's name in the record's JSON.
        var key: String
        /// The column's identifier.
        var name: String
        /// How the column stores values (after widening against an existing table).
        var kind: ColumnKind
    }

    enum Mode: Equatable {
        case append
        /// Rows go to a table aside; swapped in when the stream completes.
        case overwrite
        /// One row per primary key, newest cursor wins, CDC deletes applied.
        case dedup(primaryKey: [String], cursor: String?)
    }

    var schema: String
    var table: String
    var columns: [Column]
    var mode: Mode
    /// `_airbyte_generation_id` of the rows this sync writes.
    var generationId: Int64
    /// Rows of older generations go when the stream completes (truncate refresh, or overwrite).
    var minimumGenerationId: Int64
    var syncId: Int64

    static let metadataColumns: [(name: String, type: String)] = [
        ("_airbyte_raw_id", "UUID NOT NULL"),
        ("_airbyte_extracted_at", "TIMESTAMPTZ NOT NULL"),
        ("_airbyte_meta", "JSON NOT NULL"),
        ("_airbyte_generation_id", "BIGINT"),
    ]

    /// The table rows are written to during the sync: the final table, or for
    /// overwrite the table aside (`_airbyte_tmp_<table>`, a prefix no stream
    /// table can have), which replaces the final one when the stream completes.
    var loadTable: String {
        mode == .overwrite ? "_airbyte_tmp_" + table : table
    }

    /// Whether older generations are deleted from the final table when the stream completes.
    var truncatesOnCompletion: Bool {
        mode != .overwrite && generationId > 0 && minimumGenerationId == generationId
    }

    func column(forKey key: String) -> Column? {
        columns.first { $0.key == key }
    }

    /// `CREATE TABLE` for `name` with the metadata and property columns.
    func createTableSQL(named name: String) -> String {
        let definitions =
            Self.metadataColumns.map { "\(SQL.identifier($0.name)) \($0.type)" }
            + columns.map { "\(SQL.identifier($0.name)) \($0.kind.duckDBType)" }
        return "CREATE TABLE \(SQL.table(schema, name)) (\(definitions.joined(separator: ", ")))"
    }

    /// Column comments remember each column's JSON key, so a later sync maps
    /// keys to the same columns even when new keys would otherwise outrank them.
    func commentSQL(table name: String, column: Column) -> String {
        "COMMENT ON COLUMN \(SQL.table(schema, name)).\(SQL.identifier(column.name)) IS \(SQL.literal(column.key))"
    }
}
