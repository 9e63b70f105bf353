import DestinationKit
import DuckDB

/// The SQL that turns records into typed rows of one table: DuckDB's JSON
/// reader parses each spooled line once (``SpoolFile`` lines holding `data`,
/// `emitted_at` ms, `meta` and the long-number flag `x`), each value is
/// converted to its column's type, and a value that does not convert is NULLED
/// and recorded in `_airbyte_meta.changes` after the source's own changes. The
/// record's other fields and the sync go on.
///
/// Conversion rules (JSON value → column):
/// - string: strings as they are; any other value as its JSON text.
/// - integer: numbers and numeric strings with a whole value (`3`, `3.0`,
///   `1e3`, `"42"`). Values beyond BIGINT widen the column to DECIMAL(38,0)
///   (``LoadFunctions/Code/beyondBigint``); beyond 38 digits: NULLED,
///   `DESTINATION_FIELD_SIZE_LIMITATION`.
/// - number: numbers and numeric strings into DECIMAL(38,9), digit by digit
///   (``FixedPointNumber``); more than 9 fractional digits are rounded and
///   recorded as TRUNCATED; beyond 29 integer digits: NULLED,
///   `DESTINATION_FIELD_SIZE_LIMITATION`.
/// - boolean: `true`/`false`, and the strings `"true"`/`"false"` in any case.
/// - date, timestamp, time (with or without time zone): ISO 8601 strings.
/// - json: any value, as JSON.
/// - a LIST column (normalization): each item by its kind's rule; one change
///   for the column when any item is nulled or rounded.
/// Anything else is NULLED with `DESTINATION_SERIALIZATION_ERROR`; JSON null
/// and missing keys are NULL without a change.
///
/// Under basic normalization the stream's table gets its rows from the spool
/// and each child table from its parent's rows (``Source/elements(batch:parent:array:)``),
/// one row per element of the parent's array; the parent's rows carry the
/// arrays in hidden columns (``hiddenColumns``) for that.
struct TypedSelect {
    /// Where the rows come from.
    enum Source {
        /// A spool file, for the stream's own table.
        case spool(path: String, maximumObjectSize: Int)
        /// The parent's batch table (``hiddenColumns`` included): one row per element
        /// of its `array`-th array of objects (a child table).
        case elements(batch: String, parent: StreamTable, array: Int)
    }

    let table: StreamTable
    let source: Source
    /// Read values by JSON path from the line (or element) as one JSON value, instead
    /// of as fields of DuckDB STRUCTs while the reader parses it. Slower (a second
    /// walk over the JSON), but it takes any name and any shape: a value that is
    /// not the object or array the schema declares is NULLED and recorded. The
    /// stream's table and its children must be read the same way.
    var readsByPath: Bool
    /// Identifies the table in the error that asks for a BIGINT column to be
    /// widened (``WidenRequest``).
    var tableTag: String
    /// Whether some record may have marked long numbers (``LongNumberText``): when
    /// none has (the spool says so), text and JSON columns skip the check per value.
    var mayHaveMarkedNumbers = true

    init(table: StreamTable, source: Source, readsByPath: Bool = false, tableTag: String = "0") {
        self.table = table
        self.source = source
        self.readsByPath = readsByPath || !Self.fitsStructs(table)
        self.tableTag = tableTag
    }

    init(table: StreamTable, spoolPath: String, maximumObjectSize: Int, tableTag: String = "0") {
        self.init(table: table, source: .spool(path: spoolPath, maximumObjectSize: maximumObjectSize), tableTag: tableTag)
    }

    /// The columns the select produces for the table, in order: metadata,
    /// normalization, then property columns.
    var columnNames: [String] {
        (StreamTable.metadataColumns + table.normalizationColumns).map(\.name) + table.columns.map(\.name)
    }

    /// Whether values are read as STRUCT fields (see ``readsByPath``).
    var readsDataAsStruct: Bool { !readsByPath }

    /// Columns the select adds after ``columnNames`` when the table has child
    /// tables: whether the record has marked long numbers, then each array of
    /// objects. Spelled with `-`, which no normalized name has.
    var hiddenColumns: [String] {
        guard let children = table.family?.children, !children.isEmpty else { return [] }
        return [Self.flaggedColumn] + children.indices.map(Self.arrayColumn)
    }

    static let flaggedColumn = "_airbyte-flagged"
    static func arrayColumn(_ index: Int) -> String { "_airbyte-array-\(index)" }

    /// Whether every level of the table's STRUCT has field names DuckDB can tell
    /// apart: non-empty and unique ignoring case (`ID` and `id` are two properties).
    static func fitsStructs(_ table: StreamTable) -> Bool {
        StructTree(table: table).fitsStructs
    }

    // MARK: - Rows

    /// The rows before conversion: the source's pass-through columns, `flagged`,
    /// a normalized stream's `raw_id` (drawn when spooled: its rows are read once for
    /// the table and again for each child table, see ``SpoolFile/init(path:writesRawIds:)``),
    /// each column's raw value (`r0`, `r1`, …: as ``StreamTable/Column/readType`` says;
    /// SQL NULL when missing or null), each array
    /// of objects (`a0`, …), and when reading by path, whether each object on the
    /// way was one (`k0`, …: a JSON value that is not an object, else NULL).
    var rows: String {
        let columns = table.columns
        let arrays = table.family?.children.compactMap { $0.family?.arrayPath } ?? []
        let containers = readsByPath ? containerPaths : []
        switch (source, readsByPath) {
        case (.spool(let path, let size), false):
            let values =
                columns.indices.map { ", \(SQL.member(columns[$0].path, of: "d")) AS r\($0)" }
                + arrays.indices.map { ", \(SQL.member(arrays[$0], of: "d")) AS a\($0)" }
            let rawId = table.family == nil ? ("", "") : (", r: 'UUID'", ", r AS raw_id")
            let types = "{e: 'BIGINT', m: 'STRUCT(changes JSON)', x: 'BOOLEAN'\(rawId.0), d: \(SQL.literal(StructTree(table: table).sql))}"
            return """
                SELECT e AS emitted_at, m.changes AS source_changes, coalesce(x, false) AS flagged\(rawId.1)\(values.joined()) \
                FROM read_json(\(SQL.literal(path)), \(Self.readerOptions(size)), columns = \(types))
                """
        case (.spool(let path, let size), true):
            let readsRawId = table.family != nil
            let extracted = extraction(under: "d", arrays: arrays, containers: containers, first: readsRawId ? 5 : 4)
            let paths = ["'$.e'", "'$.m.changes'", "'$.x'"] + (readsRawId ? ["'$.r'"] : []) + extracted.paths
            return """
                SELECT (v[1] ->> '$')::BIGINT AS emitted_at, v[2] AS source_changes, \
                coalesce((v[3] ->> '$')::BOOLEAN, false) AS flagged\(readsRawId ? ", (v[4] ->> '$')::UUID AS raw_id" : "")\(extracted.values) \
                FROM (SELECT json_extract(json, [\(paths.joined(separator: ", "))]) AS v \
                FROM read_json_objects(\(SQL.literal(path)), \(Self.readerOptions(size))))
                """
        case (.elements(let batch, let parent, let array), _):
            let arrayColumn = SQL.identifier(Self.arrayColumn(array))
            let passThrough = [
                "p._airbyte_raw_id AS parent_raw_id", "p._airbyte_extracted_at AS parent_extracted_at",
                "p._airbyte_generation_id AS parent_generation_id",
                "p.\(SQL.identifier(StreamTable.hashColumn(of: parent.table))) AS parent_hash",
                "p.\(SQL.identifier(Self.flaggedColumn)) AS flagged",
                "unnest(p.\(arrayColumn)) AS el", "generate_subscripts(p.\(arrayColumn), 1) AS idx",
            ]
            let elements = "SELECT \(passThrough.joined(separator: ", ")) FROM \(batch) AS p"
            if !readsByPath {
                let values =
                    columns.indices.map { ", \(SQL.member(columns[$0].path, of: "el")) AS r\($0)" }
                    + arrays.indices.map { ", \(SQL.member(arrays[$0], of: "el")) AS a\($0)" }
                return
                    "SELECT parent_raw_id, parent_extracted_at, parent_generation_id, parent_hash, flagged, idx\(values.joined()) FROM (\(elements))"
            }
            let extracted = extraction(under: nil, arrays: arrays, containers: containers, first: 1)
            return """
                SELECT parent_raw_id, parent_extracted_at, parent_generation_id, parent_hash, flagged, idx, \
                CASE WHEN json_type(el) <> 'OBJECT' THEN el END AS element_mismatch\(extracted.values) \
                FROM (SELECT *, json_extract(el, [\(extracted.paths.joined(separator: ", "))]) AS v FROM (\(elements)))
                """
        }
    }

    static func readerOptions(_ maximumObjectSize: Int) -> String {
        "format = 'newline_delimited', compression = 'uncompressed', maximum_object_size = \(maximumObjectSize)"
    }

    /// The objects a leaf or array is found under (`contact` for `contact.email`), each once.
    var containerPaths: [[String]] {
        var seen: Set<[String]> = []
        var result: [[String]] = []
        let paths = table.columns.map(\.path) + (table.family?.children.compactMap { $0.family?.arrayPath } ?? [])
        for path in paths {
            for length in stride(from: 1, to: path.count, by: 1) where seen.insert(Array(path.prefix(length))).inserted {
                result.append(Array(path.prefix(length)))
            }
        }
        return result
    }

    /// Reading by path: the JSON paths to extract from `base` (after `first - 1`
    /// others), and the select items taking each value out of the extracted list `v`.
    private func extraction(
        under parent: String?, arrays: [[String]], containers: [[String]],
        first: Int
    ) -> (paths: [String], values: String) {
        let columns = table.columns
        let paths = columns.map(\.path) + arrays + containers
        let jsonPaths = paths.map { SQL.jsonPath(forKeys: $0, in: parent) }
        var values: [String] = []
        for (index, column) in columns.enumerated() {
            let value = "v[\(first + index)]"
            if column.isList {
                let items = column.readsJSON ? "JSON" : "VARCHAR"
                values.append("CASE WHEN json_type(\(value)) = 'ARRAY' THEN json_transform(\(value), '[\"\(items)\"]') END AS r\(index)")
                values.append("CASE WHEN json_type(\(value)) NOT IN ('ARRAY', 'NULL') THEN \(value) END AS l\(index)")
            } else if column.readsJSON {
                values.append("CASE WHEN json_type(\(value)) <> 'NULL' THEN \(value) END AS r\(index)")
            } else {
                values.append("(\(value) ->> '$') AS r\(index)")
            }
        }
        for index in arrays.indices {
            let value = "v[\(first + columns.count + index)]"
            values.append("CASE WHEN json_type(\(value)) = 'ARRAY' THEN json_extract(\(value), '$[*]') END AS a\(index)")
            values.append("CASE WHEN json_type(\(value)) NOT IN ('ARRAY', 'NULL') THEN \(value) END AS m\(index)")
        }
        for index in containers.indices {
            let value = "v[\(first + columns.count + arrays.count + index)]"
            values.append("CASE WHEN json_type(\(value)) NOT IN ('OBJECT', 'NULL') THEN \(value) END AS k\(index)")
        }
        return (jsonPaths, values.map { ", " + $0 }.joined())
    }

    // MARK: - Typed rows

    /// `SELECT` of the typed rows: ``columnNames`` then ``hiddenColumns``.
    var sql: String {
        let columns = table.columns
        // Numeric values are converted once (`n`), a level below the value and the change that read it.
        let flag = mayHaveMarkedNumbers ? "flagged" : "false"
        let numeric = columns.indices.compactMap { index -> String? in
            let function: String
            switch columns[index].kind {
            case .number: function = LoadFunctions.number
            case .integer:
                function = columns[index].type == ColumnKind.wideIntegerType ? LoadFunctions.integer : LoadFunctions.bigint
            default: return nil
            }
            return columns[index].isList
                ? "list_transform(r\(index), lambda e: \(function)(e, \(flag))) AS n\(index)"
                : "\(function)(r\(index), \(flag)) AS n\(index)"
        }
        let typed = columns.enumerated().map { index, column in
            "\(column.isList ? listConversion(of: column, index: index) : conversion(of: column, index: index)) AS t\(index)"
        }
        var changes = columns.enumerated().compactMap { index, column in
            column.isList ? Self.listChange(of: column, index: index) : Self.change(of: column, index: index)
        }
        if readsByPath {
            // Values that are not the object, array or list the schema declares.
            let invalid = { (field: String, value: String) in
                Change(
                    condition: "\(value) IS NOT NULL",
                    entry:
                        "CASE WHEN \(value) IS NOT NULL THEN \(Self.nulledEntry(key: field, reason: "'DESTINATION_SERIALIZATION_ERROR'")) END"
                )
            }
            changes += containerPaths.enumerated().map { invalid($1.joined(separator: "."), "k\($0)") }
            changes += (table.family?.children ?? []).enumerated().map { index, child in
                invalid(child.family!.arrayPath.joined(separator: "."), "m\(index)")
            }
            changes += columns.enumerated().filter(\.element.isList).map { invalid($1.key, "l\($0)") }
            if case .elements = source {
                changes.append(invalid(table.family!.arrayPath.joined(separator: "."), "element_mismatch"))
            }
        }
        // Most rows have no change: the list of entries is built only for rows where one of the
        // cheap conditions holds (a CASE evaluates its branch for the rows it selects only).
        let none = "[]::STRUCT(field VARCHAR, change VARCHAR, reason VARCHAR)[]"
        let anyChange = changes.map { "(\($0.condition))" }.joined(separator: " OR ")
        let entries = changes.map(\.entry).joined(separator: ", ")
        let ourChanges =
            changes.isEmpty
            ? none
            : "CASE WHEN \(anyChange) THEN list_filter([\(entries)], lambda c: c IS NOT NULL) ELSE \(none) END"
        let withNumbers = numeric.isEmpty ? rows : "SELECT *, \(numeric.joined(separator: ", ")) FROM (\(rows))"
        let withTyped = "SELECT *, \((typed.isEmpty ? ["NULL AS t_none"] : typed).joined(separator: ", ")) FROM (\(withNumbers))"
        let withChanges = "SELECT *, \(ourChanges) AS our_changes FROM (\(withTyped))"
        return "SELECT \(outputs.joined(separator: ", ")) FROM (\(withChanges))"
    }

    /// The final select items: ``columnNames`` then ``hiddenColumns``, from the typed rows.
    private var outputs: [String] {
        let columns = table.columns
        let unchanged = SQL.literal("{\"sync_id\":\(table.syncId),\"changes\":[]}") + "::JSON"
        var items: [String]
        var hash: String
        switch source {
        case .spool:
            let sourceChanges = "from_json(source_changes, '[{\"field\":\"VARCHAR\",\"change\":\"VARCHAR\",\"reason\":\"VARCHAR\"}]')"
            // Most records carry no changes at all: their meta is one constant, not built per row.
            let meta = """
                CASE WHEN source_changes IS NULL AND len(our_changes) = 0 THEN \(unchanged) \
                ELSE to_json({'sync_id': \(table.syncId), 'changes': list_concat(coalesce(\(sourceChanges), []), our_changes)}) END
                """
            let rawId = table.family == nil ? "uuidv7()" : "raw_id"
            items = [
                "\(rawId) AS _airbyte_raw_id",
                "epoch_ms(emitted_at)::TIMESTAMPTZ AS _airbyte_extracted_at",
                "\(meta) AS _airbyte_meta",
                "\(table.generationId)::BIGINT AS _airbyte_generation_id",
            ]
            hash = "md5(raw_id::VARCHAR)"
            if case .dedup(let primaryKey, _) = table.mode {
                let keys = primaryKey.compactMap { key in columns.firstIndex { $0.path == [key] } }
                hash = "md5(to_json([\(keys.map { Self.hashText(of: "t\($0)", kind: columns[$0].kind) }.joined(separator: ", "))]))"
            }
        case .elements:
            let meta =
                "CASE WHEN len(our_changes) = 0 THEN \(unchanged) ELSE to_json({'sync_id': \(table.syncId), 'changes': our_changes}) END"
            items = [
                "parent_raw_id AS _airbyte_raw_id", "parent_extracted_at AS _airbyte_extracted_at",
                "\(meta) AS _airbyte_meta", "parent_generation_id AS _airbyte_generation_id",
                "parent_hash AS \(SQL.identifier(StreamTable.hashColumn(of: table.family!.parentTable!)))",
            ]
            hash = "md5(parent_hash || '/' || idx::VARCHAR)"
        }
        if table.family != nil {
            items += [
                "\(hash) AS \(SQL.identifier(StreamTable.hashColumn(of: table.table)))",
                "now() AS \(StreamTable.normalizedAtColumn)",
            ]
        }
        items += columns.indices.map { "t\($0) AS \(SQL.identifier(columns[$0].name))" }
        let hidden = hiddenColumns
        if !hidden.isEmpty {
            items.append("flagged AS \(SQL.identifier(hidden[0]))")
            items += (1..<hidden.count).map { "a\($0 - 1) AS \(SQL.identifier(hidden[$0]))" }
        }
        return items
    }

    /// A primary key value as text for the row's hash: the same whatever the session's time zone.
    static func hashText(of value: String, kind: ColumnKind) -> String {
        kind == .timestampWithTimezone ? "epoch_us(\(value))::VARCHAR" : "\(value)::VARCHAR"
    }
}
