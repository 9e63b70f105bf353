import DestinationKit
import DuckDB

/// Each value's conversion to its column's type and the change it records
/// (the rules are listed on ``TypedSelect``).
extension TypedSelect {
    /// The SQL converting column `index`'s value (`r<index>`, with `n<index>`
    /// for numeric columns) to the column's type; NULL when it does not convert.
    func conversion(of column: StreamTable.Column, index: Int) -> String {
        let raw = "r\(index)"
        let number = "n\(index)"
        switch column.kind {
        case .string:
            return Self.scalarConversion(of: raw, kind: .string, decodesMarks: mayHaveMarkedNumbers)
        case .integer where column.type == ColumnKind.integer.duckDBType:
            // A value beyond BIGINT stops the load with a request to widen the column (see WidenRequest).
            let request = SQL.literal(WidenRequest(tableTag: tableTag, column: column.name).message)
            return "CASE WHEN \(number).c = \(LoadFunctions.Code.beyondBigint.rawValue) THEN error(\(request)) ELSE \(number).v END"
        case .integer, .number:
            return "\(number).v"
        default:
            return Self.scalarConversion(of: raw, kind: column.kind, decodesMarks: mayHaveMarkedNumbers)
        }
    }

    /// The conversion of a text value `raw` to `kind` for the kinds that need no
    /// number function: strings, booleans, date and time kinds, and JSON. With
    /// `decodesMarks`, text and JSON in flagged records get their marked numbers back.
    static func scalarConversion(of raw: String, kind: ColumnKind, decodesMarks: Bool) -> String {
        switch kind {
        case .boolean:
            // JSON's own true/false come out as exactly this text; strings may differ in case and spacing.
            return
                "CASE \(raw) WHEN 'true' THEN true WHEN 'false' THEN false ELSE CASE lower(trim(\(raw))) WHEN 'true' THEN true WHEN 'false' THEN false END END"
        case .date, .timestampWithTimezone, .timestampWithoutTimezone, .timeWithTimezone, .timeWithoutTimezone:
            // No trim(): these casts already ignore surrounding whitespace, and trim() walks the text by UTF-8 code point.
            return "TRY_CAST(\(raw) AS \(kind.duckDBType))"
        case .json:
            return decodesMarks ? "CASE WHEN flagged THEN \(LoadFunctions.json)(\(raw)) ELSE \(raw) END" : raw
        case .string:
            return decodesMarks ? "CASE WHEN flagged THEN \(LoadFunctions.text)(\(raw)) ELSE \(raw) END" : raw
        case .integer, .number:
            preconditionFailure("numbers convert through n")
        }
    }

    /// The conversion of a LIST column: item by item; integers beyond BIGINT are nulled.
    func listConversion(of column: StreamTable.Column, index: Int) -> String {
        switch column.kind {
        case .integer:
            return "list_transform(n\(index), lambda s: s.v)"
        case .number:
            return "list_transform(n\(index), lambda s: s.v)"
        default:
            return
                "list_transform(r\(index), lambda e: \(Self.scalarConversion(of: "e", kind: column.kind, decodesMarks: mayHaveMarkedNumbers)))"
        }
    }

    /// A NULLED change of `key` for `reason` (SQL text).
    static func nulledEntry(key: String, reason: String) -> String {
        "{'field': \(SQL.literal(key)), 'change': 'NULLED', 'reason': \(reason)}"
    }

    /// The change entries a column's values can get (SQL struct literals).
    struct Entries {
        let sizeLimit: String, invalid: String, truncated: String

        init(key: String) {
            sizeLimit = TypedSelect.nulledEntry(key: key, reason: "'DESTINATION_FIELD_SIZE_LIMITATION'")
            invalid = TypedSelect.nulledEntry(key: key, reason: "'DESTINATION_SERIALIZATION_ERROR'")
            truncated = "{'field': \(SQL.literal(key)), 'change': 'TRUNCATED', 'reason': 'DESTINATION_FIELD_SIZE_LIMITATION'}"
        }
    }

    /// A change a row may record: when `condition` holds (cheap SQL), `entry` is
    /// the `_airbyte_meta.changes` entry (or NULL).
    struct Change {
        var condition: String
        var entry: String
    }

    /// The `_airbyte_meta.changes` entry for column `index`'s value (NULL when it
    /// converted), or nil for columns whose values always convert.
    static func change(of column: StreamTable.Column, index: Int) -> Change? {
        let code = LoadFunctions.Code.self
        let entry = Entries(key: column.key)
        switch column.kind {
        case .string, .json:
            return nil
        case .integer, .number:
            return Change(
                condition: "n\(index).c BETWEEN \(code.rounded.rawValue) AND \(code.invalid.rawValue)",
                entry: """
                    CASE n\(index).c WHEN \(code.rounded.rawValue) THEN \(entry.truncated) WHEN \(code.tooLarge.rawValue) THEN \(entry.sizeLimit) \
                    WHEN \(code.invalid.rawValue) THEN \(entry.invalid) END
                    """)
        default:
            let failed = "r\(index) IS NOT NULL AND t\(index) IS NULL"
            return Change(condition: failed, entry: "CASE WHEN \(failed) THEN \(entry.invalid) END")
        }
    }

    /// The change of a LIST column: one entry when any item was nulled (or else rounded).
    static func listChange(of column: StreamTable.Column, index: Int) -> Change? {
        let code = LoadFunctions.Code.self
        let entry = Entries(key: column.key)
        switch column.kind {
        case .string, .json:
            return nil
        case .integer, .number:
            let any = { (condition: String) in "list_bool_or(list_transform(n\(index), lambda s: \(condition)))" }
            return Change(
                condition: any("s.c > \(code.exact.rawValue)"),
                entry: """
                    CASE WHEN \(any("s.c = \(code.invalid.rawValue)")) THEN \(entry.invalid) \
                    WHEN \(any("s.c IN (\(code.tooLarge.rawValue), \(code.beyondBigint.rawValue))")) THEN \(entry.sizeLimit) \
                    WHEN \(any("s.c = \(code.rounded.rawValue)")) THEN \(entry.truncated) END
                    """)
        default:
            let failed = "list_bool_or(list_transform(list_zip(r\(index), t\(index)), lambda p: p[1] IS NOT NULL AND p[2] IS NULL))"
            return Change(condition: failed, entry: "CASE WHEN \(failed) THEN \(entry.invalid) END")
        }
    }
}
