import DestinationKit
import DuckDB

/// The SQL that turns spooled records (``SpoolFile`` lines holding `data`,
/// `emitted_at` ms and `meta`) into rows of a stream's table: DuckDB parses each
/// line once (`json_extract` with every path at once), each value is converted to
/// its column's type, and a value that does not convert is NULLED and recorded
/// in `_airbyte_meta.changes` after the source's own changes. The record's
/// other fields and the sync go on.
///
/// Conversion rules (JSON value → column):
/// - string: strings as they are; any other value as its JSON text.
/// - integer: JSON integers; whole-valued floats (`3.0`, `1e3`); strings of
///   digits. Values beyond BIGINT: NULLED, `DESTINATION_FIELD_SIZE_LIMITATION`.
/// - number: numbers and numeric strings into DECIMAL(38,9); more than 9
///   fractional digits are rounded and recorded as TRUNCATED; values beyond
///   29 integer digits: NULLED, `DESTINATION_FIELD_SIZE_LIMITATION`.
/// - boolean: `true`/`false`, and the strings `"true"`/`"false"` in any case.
/// - date, timestamp, time (with or without time zone): ISO 8601 strings.
/// - json: any value, as JSON.
/// Anything else is NULLED with `DESTINATION_SERIALIZATION_ERROR`; JSON null
/// and missing keys are NULL without a change.
struct TypedSelect {
    let table: StreamTable
    /// The spool file (``SpoolFile``) to read.
    let spoolPath: String
    /// The largest line DuckDB must accept, in bytes.
    let maximumObjectSize: Int

    /// The column list the select produces, in order: metadata columns then properties.
    var columnNames: [String] {
        StreamTable.metadataColumns.map(\.name) + table.columns.map(\.name)
    }

    /// Whether DuckDB's JSON reader can hand out each property's JSON as a field
    /// of a `d` STRUCT while it reads the line: struct field names must be
    /// non-empty and unique ignoring case (`ID` and `id` are two properties).
    /// Otherwise each line is read as one JSON value and the properties are
    /// extracted from it (a second walk over the line).
    var readsDataAsStruct: Bool {
        let keys = table.columns.map(\.key)
        return !keys.isEmpty && !keys.contains("") && Set(keys.map { $0.lowercased() }).count == keys.count
    }

    /// How a property's value comes out of the JSON reader.
    enum Reading {
        /// As JSON text; its JSON type and text are taken apart, then converted (`y`, `x`).
        case json
        /// As VARCHAR: strings unescaped, any other value as its JSON text, JSON null as
        /// SQL NULL. A string column takes it as it is; a date or time column casts it.
        /// That is what converting the JSON gives: no JSON number, boolean, object or
        /// array spells a date or a time, and a string column keeps other values' JSON text.
        case text
        /// As JSON text, final for a JSON column (JSON null is SQL NULL).
        case final
    }

    func reading(of column: StreamTable.Column) -> Reading {
        guard readsDataAsStruct else { return .json }
        switch column.kind {
        case .string, .date, .timestampWithTimezone, .timestampWithoutTimezone, .timeWithTimezone, .timeWithoutTimezone:
            return .text
        case .json: return .final
        case .integer, .number, .boolean: return .json
        }
    }

    /// The spooled records as rows of `emitted_at`, `source_changes` (the JSON of
    /// `meta.changes`) and each property's JSON (`r0`, `r1`, …; SQL NULL when the
    /// key is missing), with DuckDB parsing each line once. The format is given,
    /// so DuckDB does not sniff the file.
    var spooledRecords: String {
        let columns = table.columns
        let options = "format = 'newline_delimited', compression = 'uncompressed', maximum_object_size = \(maximumObjectSize)"
        if readsDataAsStruct {
            let fields = columns.map { "\(SQL.identifier($0.key)) \(reading(of: $0) == .text ? "VARCHAR" : "JSON")" }
                .joined(separator: ", ")
            let types = "{e: 'BIGINT', m: 'STRUCT(changes JSON)', d: \(SQL.literal("STRUCT(\(fields))"))}"
            let values = columns.indices.map { "d.\(SQL.identifier(columns[$0].key)) AS r\($0)" }
            return """
                SELECT e AS emitted_at, m.changes AS source_changes, \(values.joined(separator: ", ")) \
                FROM read_json(\(SQL.literal(spoolPath)), \(options), columns = \(types))
                """
        }
        let paths = ["'$.e'", "'$.m.changes'"] + columns.map { SQL.jsonPath(forKey: $0.key, in: "d") }
        let values = columns.indices.map { "v[\($0 + 3)] AS r\($0)" }
        return """
            SELECT (v[1] ->> '$')::BIGINT AS emitted_at, v[2] AS source_changes\(values.map { ", " + $0 }.joined()) \
            FROM (SELECT json_extract(json, [\(paths.joined(separator: ", "))]) AS v FROM read_json_objects(\(SQL.literal(spoolPath)), \(options)))
            """
    }

    /// `SELECT` of the typed rows, one per spooled record.
    var sql: String {
        let columns = table.columns
        // Each value's JSON type (y) and text (x) are computed once, a level below the
        // conversions that read them several times.
        let converted = columns.indices.filter { reading(of: columns[$0]) == .json }
        let raw = converted.flatMap { ["json_type(r\($0)) AS y\($0)", "(r\($0) ->> '$') AS x\($0)"] }
        let typed = columns.enumerated().map { index, column in
            switch (reading(of: column), column.kind) {
            case (.json, _): "\(Self.conversion(of: Value(index), to: column.kind)) AS t\(index)"
            case (.text, .string), (.final, _): "r\(index) AS t\(index)"
            // No trim(): these casts already ignore surrounding whitespace, and trim() walks the text by UTF-8 code point.
            case (.text, _): "TRY_CAST(r\(index) AS \(column.kind.duckDBType)) AS t\(index)"
            }
        }
        let changes = columns.enumerated().map { index, column in
            switch (reading(of: column), column.kind) {
            case (.json, _): Self.change(of: Value(index), key: column.key, kind: column.kind)
            case (.text, .string), (.final, _): "NULL"
            case (.text, _):
                Self.nulled(
                    key: column.key, when: "r\(index) IS NOT NULL AND t\(index) IS NULL", reason: "'DESTINATION_SERIALIZATION_ERROR'")
            }
        }.filter { $0 != "NULL" }
        let sourceChanges = "from_json(source_changes, '[{\"field\":\"VARCHAR\",\"change\":\"VARCHAR\",\"reason\":\"VARCHAR\"}]')"
        let ourChanges =
            changes.isEmpty
            ? "[]::STRUCT(field VARCHAR, change VARCHAR, reason VARCHAR)[]"
            : "list_filter([\(changes.joined(separator: ", "))], c -> c IS NOT NULL)"
        // Most records carry no changes at all: their meta is one constant, not built per row.
        let unchanged = SQL.literal("{\"sync_id\":\(table.syncId),\"changes\":[]}") + "::JSON"
        let meta = """
            CASE WHEN source_changes IS NULL AND len(our_changes) = 0 THEN \(unchanged) \
            ELSE to_json({'sync_id': \(table.syncId), 'changes': list_concat(coalesce(\(sourceChanges), []), our_changes)}) END
            """
        let outputs =
            [
                "uuidv7() AS _airbyte_raw_id",
                "epoch_ms(emitted_at)::TIMESTAMPTZ AS _airbyte_extracted_at",
                "\(meta) AS _airbyte_meta",
                "\(table.generationId)::BIGINT AS _airbyte_generation_id",
            ] + columns.indices.map { "t\($0) AS \(SQL.identifier(columns[$0].name))" }
        let withRaw = "SELECT *, \((raw.isEmpty ? ["NULL AS y_none"] : raw).joined(separator: ", ")) FROM (\(spooledRecords))"
        let withTyped = "SELECT *, \((typed.isEmpty ? ["NULL AS t_none"] : typed).joined(separator: ", ")) FROM (\(withRaw))"
        let withChanges = "SELECT *, \(ourChanges) AS our_changes FROM (\(withTyped))"
        return "SELECT \(outputs.joined(separator: ", ")) FROM (\(withChanges))"
    }

    /// The SQL names of one value's columns in the select: its JSON (`r`), JSON type
    /// (`y`, NULL for a missing key), text (`x`) and converted value (`t`).
    struct Value {
        let raw: String, type: String, text: String, typed: String
        init(_ index: Int) {
            raw = "r\(index)"
            type = "y\(index)"
            text = "x\(index)"
            typed = "t\(index)"
        }
    }

    /// The SQL converting `value` to `kind`, NULL when it does not convert.
    static func conversion(of value: Value, to kind: ColumnKind) -> String {
        let (raw, type, text) = (value.raw, value.type, value.text)
        switch kind {
        case .string:
            return "CASE \(type) WHEN 'VARCHAR' THEN \(text) WHEN 'NULL' THEN NULL ELSE \(raw)::VARCHAR END"
        case .integer:
            return """
                CASE \(type) WHEN 'BIGINT' THEN TRY_CAST(\(text) AS BIGINT) WHEN 'UBIGINT' THEN TRY_CAST(\(text) AS BIGINT) \
                WHEN 'DOUBLE' THEN CASE WHEN TRY_CAST(\(text) AS DOUBLE) = trunc(TRY_CAST(\(text) AS DOUBLE)) THEN TRY_CAST(TRY_CAST(\(text) AS DOUBLE) AS BIGINT) END \
                WHEN 'VARCHAR' THEN CASE WHEN regexp_full_match(trim(\(text)), '[-+]?[0-9]+') THEN TRY_CAST(trim(\(text)) AS BIGINT) END END
                """
        case .number:
            return "CASE WHEN \(type) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') THEN TRY_CAST(trim(\(text)) AS DECIMAL(38,9)) END"
        case .boolean:
            return
                "CASE \(type) WHEN 'BOOLEAN' THEN \(raw)::BOOLEAN WHEN 'VARCHAR' THEN CASE lower(trim(\(text))) WHEN 'true' THEN true WHEN 'false' THEN false END END"
        case .date, .timestampWithTimezone, .timestampWithoutTimezone, .timeWithTimezone, .timeWithoutTimezone:
            return "CASE \(type) WHEN 'VARCHAR' THEN TRY_CAST(trim(\(text)) AS \(kind.duckDBType)) END"
        case .json:
            return "CASE \(type) WHEN 'NULL' THEN NULL ELSE \(raw) END"
        }
    }

    /// A NULLED change of `key` for `reason` (SQL text).
    static func nulledEntry(key: String, reason: String) -> String {
        "{'field': \(SQL.literal(key)), 'change': 'NULLED', 'reason': \(reason)}"
    }

    /// A NULLED change of `key` for `reason` when `condition` holds, else NULL.
    static func nulled(key: String, when condition: String, reason: String) -> String {
        "CASE WHEN \(condition) THEN \(nulledEntry(key: key, reason: reason)) END"
    }

    /// The `_airbyte_meta.changes` entry for one value, or NULL when it converted.
    static func change(of value: Value, key: String, kind: ColumnKind) -> String {
        let (raw, type, text, typed) = (value.raw, value.type, value.text, value.typed)
        let field = SQL.literal(key)
        let failed = "\(raw) IS NOT NULL AND \(type) <> 'NULL' AND \(typed) IS NULL"
        switch kind {
        case .string, .json:
            return "NULL"
        case .integer:
            let tooLarge = """
                \(type) = 'UBIGINT' OR (\(type) = 'DOUBLE' AND TRY_CAST(\(text) AS DOUBLE) = trunc(TRY_CAST(\(text) AS DOUBLE))) \
                OR (\(type) = 'VARCHAR' AND regexp_full_match(trim(\(text)), '[-+]?[0-9]+'))
                """
            return nulled(
                key: key, when: failed,
                reason: "CASE WHEN \(tooLarge) THEN 'DESTINATION_FIELD_SIZE_LIMITATION' ELSE 'DESTINATION_SERIALIZATION_ERROR' END")
        case .number:
            let isNumber = "TRY_CAST(trim(\(text)) AS DOUBLE)"
            return """
                CASE WHEN \(failed) THEN \(nulledEntry(key: key, reason: "CASE WHEN \(type) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') AND isfinite(\(isNumber)) THEN 'DESTINATION_FIELD_SIZE_LIMITATION' ELSE 'DESTINATION_SERIALIZATION_ERROR' END")) \
                WHEN \(typed) IS NOT NULL AND \(isNumber) IS DISTINCT FROM \(typed)::DOUBLE \
                THEN {'field': \(field), 'change': 'TRUNCATED', 'reason': 'DESTINATION_FIELD_SIZE_LIMITATION'} END
                """
        default:
            return nulled(key: key, when: failed, reason: "'DESTINATION_SERIALIZATION_ERROR'")
        }
    }
}
