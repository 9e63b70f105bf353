import DestinationKit
internal import DuckDB

/// Writes one sync into DuckDB.
///
/// Records are staged per stream in a temporary table through the appender
/// (raw `data` JSON text, no parsing in Swift). A commit is one DuckDB
/// transaction that, for each stream with staged records, converts them with
/// ``TypedSelect`` into the stream's load table (append, overwrite's table
/// aside, or a MERGE for dedup) and empties the stage. Completing a stream
/// swaps an overwrite table in, or deletes older generations for a truncate
/// refresh, in its own transaction.
final class DuckDBWriter: DestinationWriter {
    private let connection: Connection
    private let tables: [StreamTable]
    private let log: ConnectorLog
    private var stages: [Appender]
    private var stagedRecords: [Int]
    private(set) var uncommittedBytes = 0

    init(connection: Connection, tables: [StreamTable], log: ConnectorLog) throws {
        self.connection = connection
        self.tables = tables
        self.log = log
        stages = []
        stagedRecords = Array(repeating: 0, count: tables.count)
        for (index, table) in tables.enumerated() {
            try prepareLoadTable(table)
            stages.append(try Self.makeStage(index, on: connection))
        }
    }

    static func stageName(_ index: Int) -> String { "_airbyte_stage_\(index)" }

    /// A new, empty staging table for stream `index` and an appender into it.
    /// Stages are replaced after each commit rather than emptied: DuckDB does not
    /// give back the space of rows deleted from a temporary table, so an emptied
    /// stage would grow with everything the sync ever staged.
    private static func makeStage(_ index: Int, on connection: Connection) throws -> Appender {
        try connection.execute("""
            CREATE OR REPLACE TEMP TABLE \(stageName(index)) (emitted_at BIGINT NOT NULL, data VARCHAR NOT NULL, meta VARCHAR)
            """)
        return try connection.appender(table: stageName(index))
    }

    func write(_ record: ScannedRecord, stream: Int) throws {
        try stages[stream].appendRow { row in
            row.setInt64(record.emittedAt, at: 0)
            row.setBytes(record.data, at: 1)
            if let meta = record.meta { row.setBytes(meta, at: 2) }
        }
        stagedRecords[stream] += 1
        uncommittedBytes += record.data.count + (record.meta?.count ?? 0) + 16
    }

    func commit() throws {
        let pending = stagedRecords.indices.filter { stagedRecords[$0] > 0 }
        guard !pending.isEmpty else { return }
        for stream in pending { try stages[stream].flush() }
        do {
            try withMemoryHeadroom {
                try connection.withTransaction {
                    for stream in pending { try load(stream: stream) }
                }
            }
        } catch let error as DuckDBError where error.kind == .invalidInput {
            // Most likely a record whose data is not JSON (the reader checks only its
            // structure); name it. Looked for only now, so good batches are parsed once.
            for stream in pending { try rejectInvalidJSON(stream: stream) }
            throw error
        }
        for stream in pending {
            try stages[stream].close()
            stages[stream] = try Self.makeStage(stream, on: connection)
            stagedRecords[stream] = 0
        }
        uncommittedBytes = 0
    }

    func completeStream(_ stream: Int) throws {
        let table = tables[stream]
        let final = SQL.table(table.schema, table.table)
        if table.mode == .overwrite {
            try connection.withTransaction {
                try connection.execute("DROP TABLE IF EXISTS \(final)")
                try connection.execute("ALTER TABLE \(SQL.table(table.schema, table.loadTable)) RENAME TO \(SQL.identifier(table.table))")
            }
            log.info("stream \(table.table): replaced \(table.schema).\(table.table) with this sync's rows")
        } else if table.truncatesOnCompletion {
            let removed = try connection.execute("""
                DELETE FROM \(final) WHERE _airbyte_generation_id IS NULL OR _airbyte_generation_id < \(table.minimumGenerationId)
                """)
            log.info("stream \(table.table): refresh complete, removed \(removed) rows of earlier generations")
        }
    }

    func close() throws {
        for stage in stages { try stage.close() }
        try connection.execute("CHECKPOINT")
    }

    func abort() {
        // Staged rows live in temporary tables and die with the connection;
        // nothing uncommitted reached a final table.
        _ = try? connection.execute("ROLLBACK")
    }

    /// memory_limit steps tried when a commit runs out of memory.
    /// In binary units, so the limit DuckDB reports back equals the step exactly.
    static let memoryLimitSteps: [(bytes: Int64, setting: String)] = [(512 << 20, "512MiB"), (2 << 30, "2GiB"), (8 << 30, "8GiB")]

    /// Runs `body` (a whole transaction); when DuckDB runs out of memory (a batch
    /// of huge records under the small default limit), raises memory_limit one
    /// step and runs it again. The small default keeps ordinary syncs lean; rare
    /// huge records still load.
    private func withMemoryHeadroom(_ body: () throws -> Void) throws {
        var attempts = 0
        while true {
            do {
                return try body()
            } catch let error as DuckDBError where error.kind == .outOfMemory {
                attempts += 1
                let setting = try connection.scalar("SELECT current_setting('memory_limit')")?.string ?? ""
                let current = Self.bytes(ofMemorySetting: setting) ?? .max
                guard attempts <= Self.memoryLimitSteps.count,
                      let next = Self.memoryLimitSteps.first(where: { $0.bytes > current }) else { throw error }
                try connection.execute("SET memory_limit = \(SQL.literal(next.setting))")
                log.warn("DuckDB ran out of memory on a large batch; raised memory_limit to \(next.setting) and retried it")
            }
        }
    }

    /// Bytes of a memory setting as DuckDB prints it ("122.0 MiB", "1.8 GiB", "512 bytes").
    static func bytes(ofMemorySetting text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let value = Double(parts[0]) else { return nil }
        let units: [Substring: Double] = ["bytes": 1, "KiB": 0x1p10, "MiB": 0x1p20, "GiB": 0x1p30, "TiB": 0x1p40,
                                          "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12]
        return units[parts[1]].map { Int64(value * $0) }
    }

    // MARK: - Loading

    private func load(stream: Int) throws {
        let table = tables[stream]
        let select = TypedSelect(table: table, source: Self.stageName(stream))
        let target = SQL.table(table.schema, table.loadTable)
        let columns = select.columnNames.map(SQL.identifier).joined(separator: ", ")
        guard case .dedup(let primaryKey, let cursor) = table.mode else {
            try connection.execute("INSERT INTO \(target) (\(columns)) \(select.sql)")
            return
        }
        let keys = primaryKey.compactMap { table.column(forKey: $0)?.name }
        let cursorColumn = cursor.flatMap { table.column(forKey: $0)?.name }
        let deletedColumn = table.column(forKey: "_ab_cdc_deleted_at")?.name
        for statement in Self.dedupSQL(target: target, select: select.sql, columns: select.columnNames,
                                       keys: keys, cursor: cursorColumn, deletedAt: deletedColumn) {
            try connection.execute(statement)
        }
    }

    /// Statements that fold one batch into a deduplicated table, inside the commit's transaction:
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
    static func dedupSQL(target: String, select: String, columns: [String], keys: [String],
                         cursor: String?, deletedAt: String?) -> [String] {
        let batchTable = "_airbyte_dedup_batch"
        let key = keys.map(SQL.identifier)
        let order = (cursor.map { ["\(SQL.identifier($0)) DESC NULLS LAST"] } ?? []) + ["_airbyte_extracted_at DESC"]
        let match = key.map { "t.\($0) IS NOT DISTINCT FROM s.\($0)" }.joined(separator: " AND ")
        let supersedes: String
        if let cursor {
            let c = SQL.identifier(cursor)
            supersedes = "((s.\(c) IS NOT NULL AND (t.\(c) IS NULL OR s.\(c) > t.\(c))) OR (s.\(c) IS NOT DISTINCT FROM t.\(c) AND s._airbyte_extracted_at >= t._airbyte_extracted_at))"
        } else {
            supersedes = "s._airbyte_extracted_at >= t._airbyte_extracted_at"
        }
        let notDeleted = deletedAt.map { "s.\(SQL.identifier($0)) IS NULL" } ?? "true"
        let quoted = columns.map(SQL.identifier)
        return [
            """
            CREATE OR REPLACE TEMP TABLE \(batchTable) AS SELECT * FROM (\(select)) \
            QUALIFY row_number() OVER (PARTITION BY \(key.joined(separator: ", ")) ORDER BY \(order.joined(separator: ", "))) = 1
            """,
            "DELETE FROM \(target) AS t USING \(batchTable) AS s WHERE \(match) AND \(supersedes)",
            """
            INSERT INTO \(target) (\(quoted.joined(separator: ", "))) SELECT \(quoted.map { "s.\($0)" }.joined(separator: ", ")) \
            FROM \(batchTable) AS s WHERE \(notDeleted) AND NOT EXISTS (SELECT 1 FROM \(target) AS t WHERE \(match))
            """,
            "DROP TABLE \(batchTable)",
        ]
    }

    /// The reader checks a record's structure, not the grammar inside `data`, and
    /// DuckDB fails the whole batch on bad JSON: after such a failure, say which record.
    private func rejectInvalidJSON(stream: Int) throws {
        guard let bad = try connection.scalar("SELECT left(data, 200) FROM \(Self.stageName(stream)) WHERE NOT json_valid(data) LIMIT 1")?.string
        else { return }
        throw ConnectorFailure.system(
            "a record of stream \(tables[stream].table) has invalid JSON in its data; the source sent malformed output",
            internalMessage: "invalid record data (first 200 characters): \(bad)")
    }

    // MARK: - Tables

    /// Creates the schema and the load table, or evolves an existing table to
    /// hold this sync's columns.
    private func prepareLoadTable(_ table: StreamTable) throws {
        try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(table.schema))")
        if table.mode == .overwrite {
            try prepareOverwriteTable(table)
            return
        }
        let existing = Dictionary(try connection.existingColumns(schema: table.schema, table: table.table).map { ($0.name, $0.type) },
                                  uniquingKeysWith: { first, _ in first })
        if existing.isEmpty {
            try createTable(table, named: table.table)
            return
        }
        let final = SQL.table(table.schema, table.table)
        for column in table.columns {
            let name = SQL.identifier(column.name)
            guard let type = existing[column.name] else {
                try connection.execute("ALTER TABLE \(final) ADD COLUMN \(name) \(column.kind.duckDBType)")
                try connection.execute(table.commentSQL(table: table.table, column: column))
                log.info("stream \(table.table): added column \(column.name) \(column.kind.duckDBType)")
                continue
            }
            // Only widen columns this destination created; leave hand-altered ones alone.
            guard let current = ColumnKind(duckDBTypeName: type), current != column.kind else { continue }
            let conversion = column.kind == .json ? "to_json(\(name))" : "CAST(\(name) AS \(column.kind.duckDBType))"
            try connection.execute("ALTER TABLE \(final) ALTER COLUMN \(name) SET DATA TYPE \(column.kind.duckDBType) USING \(conversion)")
            log.info("stream \(table.table): widened column \(column.name) from \(type) to \(column.kind.duckDBType)")
        }
    }

    /// The table aside for an overwrite: reused when it holds rows of this
    /// generation (a retried attempt resumes into it), otherwise made anew.
    private func prepareOverwriteTable(_ table: StreamTable) throws {
        let aside = SQL.table(table.schema, table.loadTable)
        if try !connection.existingColumns(schema: table.schema, table: table.loadTable).isEmpty {
            let generation = try connection.scalar("SELECT max(_airbyte_generation_id) FROM \(aside)")?.int64
            if table.generationId > 0, generation == table.generationId {
                log.info("stream \(table.table): resuming the overwrite of generation \(table.generationId)")
                return
            }
            try connection.execute("DROP TABLE \(aside)")
        }
        try createTable(table, named: table.loadTable)
    }

    private func createTable(_ table: StreamTable, named name: String) throws {
        try connection.execute(table.createTableSQL(named: name))
        for column in table.columns { try connection.execute(table.commentSQL(table: name, column: column)) }
    }
}
