import DestinationKit
import DuckDB

/// How one configured stream lands in DuckDB: its final table, its columns
/// (JSON key → column, kind), and what its sync mode needs. Under basic
/// normalization, also the child tables of its arrays of objects, each a
/// `StreamTable` of its own (``family``).
struct StreamTable {
    struct Column: Equatable {
        /// Where the value sits in the row's object: the property's key, or for a
        /// flattened nested property, the keys down to it (`["contact", "email"]`).
        var path: [String]
        /// The column's identifier.
        var name: String
        /// How the column stores values (after widening against an existing table).
        /// For a LIST column, its items' kind.
        var kind: ColumnKind
        /// Its DuckDB type: the kind's (``ColumnKind/duckDBType``); for an integer
        /// column that already holds values beyond BIGINT, `DECIMAL(38,0)`; for a
        /// LIST column, the items' type with `[]`.
        var type: String
        /// Whether the column is a LIST of ``kind`` (normalization: an array whose
        /// items are a declared scalar type).
        var isList: Bool

        init(path: [String], name: String, kind: ColumnKind, type: String? = nil, isList: Bool = false) {
            self.path = path
            self.name = name
            self.kind = kind
            self.isList = isList
            self.type = type ?? (isList ? kind.duckDBType + "[]" : kind.duckDBType)
        }

        init(key: String, name: String, kind: ColumnKind, type: String? = nil) {
            self.init(path: [key], name: name, kind: kind, type: type)
        }

        /// How DuckDB's JSON reader hands out the value: JSON for JSON columns and for
        /// numbers (whose text our functions parse; as VARCHAR, DuckDB would format each
        /// double through fmt, 14% of a numeric load), text otherwise, a LIST of that for lists.
        var readType: String {
            let item = kind == .json || kind == .number || kind == .integer ? "JSON" : "VARCHAR"
            return isList ? item + "[]" : item
        }

        /// Whether ``readType`` is JSON (or a list of JSON).
        var readsJSON: Bool { readType.hasPrefix("JSON") }

        /// The field as `_airbyte_meta.changes` names it: the key, or the path's keys joined with dots.
        var key: String { path.count == 1 ? path[0] : path.joined(separator: ".") }

        /// What the column's comment records so later syncs map the value to this
        /// column again: the key, or the path as a JSON array of keys.
        var comment: String {
            path.count == 1 ? path[0] : JSONValue.array(path.map { .string($0) }).jsonText
        }

        /// The path a column comment records (see ``comment``).
        static func path(fromComment comment: String) -> [String] {
            if comment.hasPrefix("["), case .array(let keys)? = try? JSONValue(parsing: Array(comment.utf8)),
                keys.count >= 2, case let strings = keys.compactMap(\.stringValue), strings.count == keys.count
            {
                return strings
            }
            return [comment]
        }
    }

    enum Mode: Equatable {
        case append
        /// Rows go to a table aside; swapped in when the stream completes.
        case overwrite
        /// One row per primary key, newest cursor wins, CDC deletes applied.
        case dedup(primaryKey: [String], cursor: String?)
    }

    /// Where a table sits in its stream's family under basic normalization.
    struct Family {
        /// The parent table's identifier; nil for the stream's own table.
        var parentTable: String?
        /// The array's path in the parent's row (empty for the stream's own table).
        var arrayPath: [String]
        /// The tables of this table's arrays of objects.
        var children: [StreamTable]
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
    /// Set under basic normalization.
    var family: Family?

    static let metadataColumns: [(name: String, type: String)] = [
        ("_airbyte_raw_id", "UUID NOT NULL"),
        ("_airbyte_extracted_at", "TIMESTAMPTZ NOT NULL"),
        ("_airbyte_meta", "JSON NOT NULL"),
        ("_airbyte_generation_id", "BIGINT"),
    ]

    /// When basic normalization loaded the row.
    static let normalizedAtColumn = "_airbyte_normalized_at"

    /// `_airbyte_<table>_hashid`, cut to an identifier's length with a hash when needed.
    static func hashColumn(of table: String) -> String {
        NameNormalizer(reservedColumnNames: []).normalize("_airbyte_\(table)_hashid")
    }

    /// The normalization columns after the metadata ones: the parent's hash (child
    /// tables), the row's own hash, and when it was normalized.
    var normalizationColumns: [(name: String, type: String)] {
        guard let family else { return [] }
        return (family.parentTable.map { [(Self.hashColumn(of: $0), "VARCHAR")] } ?? [])
            + [(Self.hashColumn(of: table), "VARCHAR"), (Self.normalizedAtColumn, "TIMESTAMPTZ")]
    }

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

    /// This table and its descendants, parents before children.
    var familyTables: [StreamTable] {
        [self] + (family?.children.flatMap(\.familyTables) ?? [])
    }

    func column(forKey key: String) -> Column? {
        columns.first { $0.path == [key] }
    }

    /// `CREATE TABLE` for `name` with the metadata, normalization and property columns.
    func createTableSQL(named name: String) -> String {
        let definitions =
            (Self.metadataColumns + normalizationColumns).map { "\(SQL.identifier($0.name)) \($0.type)" }
            + columns.map { "\(SQL.identifier($0.name)) \($0.type)" }
        return "CREATE TABLE \(SQL.table(schema, name)) (\(definitions.joined(separator: ", ")))"
    }

    /// Column comments remember each column's JSON key (or path), so a later sync
    /// maps keys to the same columns even when new keys would otherwise outrank them.
    func commentSQL(table name: String, column: Column) -> String {
        "COMMENT ON COLUMN \(SQL.table(schema, name)).\(SQL.identifier(column.name)) IS \(SQL.literal(column.comment))"
    }
}
