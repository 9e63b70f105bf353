import DestinationKit

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
    /// The relation of spooled lines: one column `json` (`read_ndjson_objects`).
    let source: String

    /// The column list the select produces, in order: metadata columns then properties.
    var columnNames: [String] {
        StreamTable.metadataColumns.map(\.name) + table.columns.map(\.name)
    }

    /// `SELECT` of the typed rows, one per staged record.
    var sql: String {
        let columns = table.columns
        // One parse per line: the envelope's fields and every property at once.
        let paths = ["'$.e'", "'$.m.changes'"] + columns.map { SQL.jsonPath(forKey: $0.key, in: "d") }
        let parsed = """
            SELECT (v[1] ->> '$')::BIGINT AS emitted_at, v[2] AS source_changes, * EXCLUDE (json) \
            FROM (SELECT *, json_extract(json, [\(paths.joined(separator: ", "))]) AS v FROM \(source))
            """
        // Each value's JSON type (y) and text (x) are computed once, a level below the
        // conversions that read them several times.
        let raw = columns.indices.flatMap { ["v[\($0 + 3)] AS r\($0)", "json_type(v[\($0 + 3)]) AS y\($0)", "(v[\($0 + 3)] ->> '$') AS x\($0)"] }
        let typed = columns.enumerated().map { index, column in
            "\(Self.conversion(of: Value(index), to: column.kind)) AS t\(index)"
        }
        let changes = columns.enumerated().map { index, column in
            Self.change(of: Value(index), key: column.key, kind: column.kind)
        }
        let sourceChanges = "from_json(source_changes, '[{\"field\":\"VARCHAR\",\"change\":\"VARCHAR\",\"reason\":\"VARCHAR\"}]')"
        let ourChanges = changes.isEmpty
            ? "[]::STRUCT(field VARCHAR, change VARCHAR, reason VARCHAR)[]"
            : "list_filter([\(changes.joined(separator: ", "))], c -> c IS NOT NULL)"
        let meta = "to_json({'sync_id': \(table.syncId), 'changes': list_concat(coalesce(\(sourceChanges), []), \(ourChanges))})"
        let outputs = [
            "uuidv7() AS _airbyte_raw_id",
            "epoch_ms(emitted_at)::TIMESTAMPTZ AS _airbyte_extracted_at",
            "\(meta) AS _airbyte_meta",
            "\(table.generationId)::BIGINT AS _airbyte_generation_id",
        ] + columns.indices.map { "t\($0) AS \(SQL.identifier(columns[$0].name))" }
        let withRaw = "SELECT *, \((raw.isEmpty ? ["NULL AS r_none"] : raw).joined(separator: ", ")) FROM (\(parsed))"
        let withTyped = "SELECT *, \((typed.isEmpty ? ["NULL AS t_none"] : typed).joined(separator: ", ")) FROM (\(withRaw))"
        return "SELECT \(outputs.joined(separator: ", ")) FROM (\(withTyped))"
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
            return "CASE \(type) WHEN 'BOOLEAN' THEN \(raw)::BOOLEAN WHEN 'VARCHAR' THEN CASE lower(trim(\(text))) WHEN 'true' THEN true WHEN 'false' THEN false END END"
        case .date, .timestampWithTimezone, .timestampWithoutTimezone, .timeWithTimezone, .timeWithoutTimezone:
            return "CASE \(type) WHEN 'VARCHAR' THEN TRY_CAST(trim(\(text)) AS \(kind.duckDBType)) END"
        case .json:
            return "CASE \(type) WHEN 'NULL' THEN NULL ELSE \(raw) END"
        }
    }

    /// The `_airbyte_meta.changes` entry for one value, or NULL when it converted.
    static func change(of value: Value, key: String, kind: ColumnKind) -> String {
        let (raw, type, text, typed) = (value.raw, value.type, value.text, value.typed)
        let field = SQL.literal(key)
        let failed = "\(raw) IS NOT NULL AND \(type) <> 'NULL' AND \(typed) IS NULL"
        let nulled = { (reason: String) in "{'field': \(field), 'change': 'NULLED', 'reason': \(reason)}" }
        switch kind {
        case .string, .json:
            return "NULL"
        case .integer:
            let tooLarge = """
                \(type) = 'UBIGINT' OR (\(type) = 'DOUBLE' AND TRY_CAST(\(text) AS DOUBLE) = trunc(TRY_CAST(\(text) AS DOUBLE))) \
                OR (\(type) = 'VARCHAR' AND regexp_full_match(trim(\(text)), '[-+]?[0-9]+'))
                """
            return "CASE WHEN \(failed) THEN \(nulled("CASE WHEN \(tooLarge) THEN 'DESTINATION_FIELD_SIZE_LIMITATION' ELSE 'DESTINATION_SERIALIZATION_ERROR' END")) END"
        case .number:
            let isNumber = "TRY_CAST(trim(\(text)) AS DOUBLE)"
            return """
                CASE WHEN \(failed) THEN \(nulled("CASE WHEN \(type) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'VARCHAR') AND isfinite(\(isNumber)) THEN 'DESTINATION_FIELD_SIZE_LIMITATION' ELSE 'DESTINATION_SERIALIZATION_ERROR' END")) \
                WHEN \(typed) IS NOT NULL AND \(isNumber) IS DISTINCT FROM \(typed)::DOUBLE \
                THEN {'field': \(field), 'change': 'TRUNCATED', 'reason': 'DESTINATION_FIELD_SIZE_LIMITATION'} END
                """
        default:
            return "CASE WHEN \(failed) THEN \(nulled("'DESTINATION_SERIALIZATION_ERROR'")) END"
        }
    }
}
