internal import DuckDB

/// A column of an existing table, as the destination reads it back.
struct ExistingColumn {
    var name: String
    /// DuckDB's name for its type, e.g. `DECIMAL(38,9)`.
    var type: String
    /// The JSON key, from the column's comment (set when the destination created the column).
    var key: String?
}

extension Connection {
    /// The columns of `schema.table` in order; empty when the table does not exist.
    func existingColumns(schema: String, table: String) throws -> [ExistingColumn] {
        try query(
            "SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = ? AND table_name = ? AND NOT internal ORDER BY column_index",
            .varchar(schema), .varchar(table)
        ).rows().map { row in
            ExistingColumn(name: row[0].string ?? "", type: row[1].string ?? "", key: row[2].string.flatMap { $0.isEmpty ? nil : $0 })
        }
    }
}
