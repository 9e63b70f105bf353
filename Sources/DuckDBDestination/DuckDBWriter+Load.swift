import DestinationKit
internal import DuckDB

extension DuckDBWriter {
    /// Loads one stream's spooled records into its load table, and under basic
    /// normalization its child tables, inside the commit's transaction.
    ///
    /// A table without children takes the typed select straight into its insert.
    /// With one child (appended or overwritten), the parent's rows go straight
    /// into its table too, and the child's rows come from a second read of the
    /// spool (the raw ids, and so the links, are in the spool). Otherwise the
    /// parent's rows are kept in a temporary batch table (with the arrays in
    /// hidden columns), so the spool is parsed once: the parent is inserted from
    /// it, then each child from the batch's arrays, recursively. The batch holds
    /// every row of the commit, and beyond memory_limit DuckDB writes it to its
    /// temporary files: for 2,000,000 records of bench/run's normalized shape,
    /// 1.3 GB of them, and a second read of the spool cost less.
    func load(stream: Int, from spool: SpoolFile) throws {
        let table = tables[stream]
        var select = TypedSelect(
            table: table, source: .spool(path: spool.path, maximumObjectSize: max(spool.longestLine + 1, 1 << 20)),
            readsByPath: readsByPath[stream], tableTag: String(stream))
        select.mayHaveMarkedNumbers = spool.markedRecords > 0
        let target = SQL.table(table.schema, table.loadTable)
        let columns = select.columnNames.map(SQL.identifier).joined(separator: ", ")
        let hasChildren = !(table.family?.children.isEmpty ?? true)
        guard case .dedup(let primaryKey, let cursor) = table.mode else {
            guard hasChildren else {
                try connection.execute("INSERT INTO \(target) (\(columns)) \(select.sql)")
                return
            }
            if table.family?.children.count == 1 {
                try connection.execute("INSERT INTO \(target) (\(columns)) SELECT \(columns) FROM (\(select.sql))")
                try loadChildren(of: table, batch: "(\(select.sql))", tag: String(stream), like: select, depth: 1)
                return
            }
            let batch = Self.batchTable(depth: 0)
            try connection.execute("CREATE TEMP TABLE \(batch) AS \(select.sql)")
            try connection.execute("INSERT INTO \(target) (\(columns)) SELECT \(columns) FROM \(batch)")
            try loadChildren(of: table, batch: batch, tag: String(stream), like: select, depth: 1)
            try connection.execute("DROP TABLE \(batch)")
            return
        }
        let dedup = Dedup(
            target: target, keys: primaryKey.compactMap { table.column(forKey: $0)?.name },
            cursor: cursor.flatMap { table.column(forKey: $0)?.name },
            deletedAt: table.column(forKey: "_ab_cdc_deleted_at")?.name)
        guard hasChildren else {
            for statement in dedup.statements(select: select.sql, columns: select.columnNames) {
                try connection.execute(statement)
            }
            return
        }
        // A family: delete the children of the rows the batch replaces (or deletes),
        // then those rows, then insert the batch's new rows and their children.
        try connection.execute(dedup.batchSQL(select: select.sql))
        try connection.execute(
            "CREATE TEMP TABLE _airbyte_replaced AS \(dedup.replacedSQL(hashColumn: StreamTable.hashColumn(of: table.table)))")
        for statement in Self.descendantDeletions(of: table, doomed: "SELECT hash FROM _airbyte_replaced") {
            try connection.execute(statement)
        }
        try connection.execute(dedup.deleteSQL)
        let batch = Self.batchTable(depth: 0)
        try connection.execute("CREATE TEMP TABLE \(batch) AS \(dedup.newRowsSQL)")
        try connection.execute("INSERT INTO \(target) (\(columns)) SELECT \(columns) FROM \(batch)")
        try loadChildren(of: table, batch: batch, tag: String(stream), like: select, depth: 1)
        for temporary in [batch, "_airbyte_replaced", Dedup.batchTable] { try connection.execute("DROP TABLE \(temporary)") }
    }

    /// Inserts the rows of `parent`'s child tables from the parent's rows in `batch`
    /// (a table, or a parenthesized select of the same columns),
    /// read `like` the parent's select (by path or not, marked numbers or not).
    private func loadChildren(of parent: StreamTable, batch: String, tag: String, like parentSelect: TypedSelect, depth: Int) throws {
        for (index, child) in (parent.family?.children ?? []).enumerated() {
            var select = TypedSelect(
                table: child, source: .elements(batch: batch, parent: parent, array: index),
                readsByPath: parentSelect.readsByPath, tableTag: "\(tag).\(index)")
            select.mayHaveMarkedNumbers = parentSelect.mayHaveMarkedNumbers
            let target = SQL.table(child.schema, child.loadTable)
            let columns = select.columnNames.map(SQL.identifier).joined(separator: ", ")
            guard !(child.family?.children.isEmpty ?? true) else {
                try connection.execute("INSERT INTO \(target) (\(columns)) \(select.sql)")
                continue
            }
            let childBatch = Self.batchTable(depth: depth)
            try connection.execute("CREATE TEMP TABLE \(childBatch) AS \(select.sql)")
            try connection.execute("INSERT INTO \(target) (\(columns)) SELECT \(columns) FROM \(childBatch)")
            try loadChildren(of: child, batch: childBatch, tag: "\(tag).\(index)", like: select, depth: depth + 1)
            try connection.execute("DROP TABLE \(childBatch)")
        }
    }

    /// The temporary table holding a family level's rows during a load.
    static func batchTable(depth: Int) -> String { "_airbyte_family_batch_\(depth)" }

    /// DELETEs of the rows of `parent`'s descendants whose ancestor in `parent` is
    /// one of `doomed` (a SELECT of hashes), deepest tables first.
    static func descendantDeletions(of parent: StreamTable, doomed: String) -> [String] {
        (parent.family?.children ?? []).flatMap { child in
            let link = SQL.identifier(StreamTable.hashColumn(of: parent.table))
            let table = SQL.table(child.schema, child.loadTable)
            let own = "SELECT \(SQL.identifier(StreamTable.hashColumn(of: child.table))) FROM \(table) WHERE \(link) IN (\(doomed))"
            return descendantDeletions(of: child, doomed: own) + ["DELETE FROM \(table) WHERE \(link) IN (\(doomed))"]
        }
    }

    /// The reader checks a record's structure, not the grammar inside `data` or
    /// `meta`, and DuckDB fails the whole batch on bad JSON: after such a failure,
    /// find the record (a strict parse, on this failure path only) and say which.
    func rejectInvalidJSON(stream: Int, in spool: SpoolFile) throws {
        guard let bad = try spool.firstInvalidLine() else { return }
        let data = bad.line.dropFirst(SpoolFile.dataOffset).prefix(200)
        throw ConnectorFailure.system(
            "record \(bad.number) of this batch of stream \(tables[stream].table) has invalid JSON in its data or meta; the source sent malformed output",
            internalMessage: "invalid record (data's first 200 characters): \(String(decoding: data, as: UTF8.self))")
    }
}

/// The statements that fold one batch into a deduplicated table, inside the commit's transaction:
/// 1. the batch's newest row per key (highest cursor, NULL cursors last, then latest extraction),
///    kept in a temporary table;
/// 2. rows of the table that a batch row supersedes are deleted (a batch row supersedes when its
///    cursor is higher, or equal with a later extraction; a NULL cursor never beats a non-null one);
/// 3. batch rows whose key is no longer in the table are inserted, except CDC deletes
///    (`_ab_cdc_deleted_at` set), which only delete.
/// A stale delete (older cursor than the table's row) therefore changes nothing.
///
/// Not DuckDB's MERGE: its UPDATE rewrites rows in place across the table's row groups, which
/// cost 2.4 s for 100k changes into 10M rows where delete-then-insert took 0.6 s.
struct Dedup {
    static let batchTable = "_airbyte_dedup_batch"
    let target: String
    let keys: [String]
    let cursor: String?
    let deletedAt: String?

    /// `t.key IS NOT DISTINCT FROM s.key AND …`: a table row `t` and a batch row `s` share a key.
    var match: String {
        keys.map(SQL.identifier).map { "t.\($0) IS NOT DISTINCT FROM s.\($0)" }.joined(separator: " AND ")
    }

    /// Whether batch row `s` supersedes table row `t` of the same key.
    var supersedes: String {
        guard let cursor else { return "s._airbyte_extracted_at >= t._airbyte_extracted_at" }
        let c = SQL.identifier(cursor)
        return
            "((s.\(c) IS NOT NULL AND (t.\(c) IS NULL OR s.\(c) > t.\(c))) OR (s.\(c) IS NOT DISTINCT FROM t.\(c) AND s._airbyte_extracted_at >= t._airbyte_extracted_at))"
    }

    /// Step 1: the batch's newest row per key, into ``batchTable``.
    func batchSQL(select: String) -> String {
        let order = (cursor.map { ["\(SQL.identifier($0)) DESC NULLS LAST"] } ?? []) + ["_airbyte_extracted_at DESC"]
        return """
            CREATE OR REPLACE TEMP TABLE \(Self.batchTable) AS SELECT * FROM (\(select)) \
            QUALIFY row_number() OVER (PARTITION BY \(keys.map(SQL.identifier).joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))) = 1
            """
    }

    /// The hashes (normalization) of the table rows step 2 deletes, as `hash`.
    func replacedSQL(hashColumn: String) -> String {
        "SELECT t.\(SQL.identifier(hashColumn)) AS hash FROM \(target) AS t, \(Self.batchTable) AS s WHERE \(match) AND \(supersedes)"
    }

    /// Step 2.
    var deleteSQL: String {
        "DELETE FROM \(target) AS t USING \(Self.batchTable) AS s WHERE \(match) AND \(supersedes)"
    }

    /// Step 3's rows: the batch rows to insert, every column of the batch.
    var newRowsSQL: String {
        let notDeleted = deletedAt.map { "s.\(SQL.identifier($0)) IS NULL" } ?? "true"
        return "SELECT s.* FROM \(Self.batchTable) AS s WHERE \(notDeleted) AND NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(match))"
    }

    /// All three steps for a table without children.
    func statements(select: String, columns: [String]) -> [String] {
        let notDeleted = deletedAt.map { "s.\(SQL.identifier($0)) IS NULL" } ?? "true"
        let quoted = columns.map(SQL.identifier)
        return [
            batchSQL(select: select),
            deleteSQL,
            """
            INSERT INTO \(target) (\(quoted.joined(separator: ", "))) SELECT \(quoted.map { "s.\($0)" }.joined(separator: ", ")) \
            FROM \(Self.batchTable) AS s WHERE \(notDeleted) AND NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(match))
            """,
            "DROP TABLE \(Self.batchTable)",
        ]
    }
}
