/// Quoting for SQL text built in Swift: every identifier and string literal
/// that comes from a stream, a field, a config or a user goes through these,
/// so nothing is pasted into SQL raw. Bind values as parameters where DuckDB
/// allows (``Connection/query(_:_:)``); these are for the places it does not
/// (identifiers, `COPY … TO 'path'`, DDL).
///
/// ```swift
/// "SELECT * FROM \(SQL.table("crm", "my \"users\""))"   // SELECT * FROM "crm"."my ""users"""
/// "COPY t TO \(SQL.literal("it's.parquet"))"            // COPY t TO 'it''s.parquet'
/// ```
public enum SQL {
    /// `name` as a quoted identifier: `my "table"` → `"my ""table"""`.
    public static func identifier(_ name: String) -> String {
        "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// `schema.table`, both quoted: `"crm"."users"`.
    public static func table(_ schema: String, _ table: String) -> String {
        identifier(schema) + "." + identifier(table)
    }

    /// `text` as a string literal: `it's` → `'it''s'`.
    public static func literal(_ text: String) -> String {
        "'" + text.replacing("'", with: "''") + "'"
    }
}
