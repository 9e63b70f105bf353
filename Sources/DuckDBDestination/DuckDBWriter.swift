import DestinationKit
internal import DuckDB
import Logging

/// Writes one sync into DuckDB.
///
/// Records are spooled per stream into a newline-delimited JSON file
/// (``SpoolFile``: the reader's bytes, no parsing in Swift) in this run's
/// ``SpoolFolder``. A commit is one DuckDB transaction that, for each stream
/// with spooled records, reads its file once with DuckDB's JSON reader and
/// converts the records with ``TypedSelect`` into the stream's load table
/// (append, overwrite's table aside, or the dedup statements); the files are
/// deleted after the commit. Completing a stream swaps an overwrite table in,
/// or deletes older generations for a truncate refresh, in its own transaction.
final class DuckDBWriter: DestinationWriter {
    private let connection: Connection
    private let tables: [StreamTable]
    private let log: Logger
    private let spoolFolder: SpoolFolder
    /// Whether an overwrite resumes into a table aside that holds rows of its
    /// generation (see ``DuckDBDestination/resumesOverwrites``).
    private let resumesOverwrites: Bool
    /// Each stream's records since the last commit; nil when it has none.
    private var spools: [SpoolFile?]
    /// Numbers the spool files of the run, so no name is used twice.
    private var spoolsMade = 0
    private(set) var uncommittedBytes = 0

    init(
        connection: Connection, tables: [StreamTable], spoolFolder: SpoolFolder, resumesOverwrites: Bool = true,
        log: Logger
    ) throws {
        self.connection = connection
        self.resumesOverwrites = resumesOverwrites
        self.tables = tables
        self.log = log
        self.spoolFolder = spoolFolder
        spools = Array(repeating: nil, count: tables.count)
        do {
            for table in tables { try prepareLoadTable(table) }
        } catch {
            spoolFolder.remove()
            throw error
        }
    }

    func write(_ record: ScannedRecord, stream: Int) throws {
        let spool: SpoolFile
        if let existing = spools[stream] {
            spool = existing
        } else {
            spoolsMade += 1
            spool = try SpoolFile(path: spoolFolder.file(named: "stream-\(stream)-\(spoolsMade).jsonl"))
            spools[stream] = spool
        }
        try spool.append(record)
        uncommittedBytes += record.data.count + (record.meta?.count ?? 0) + 16
    }

    func commit() throws {
        let pending = spools.indices.filter { spools[$0] != nil }
        guard !pending.isEmpty else { return }
        for stream in pending { try spools[stream]!.flush() }
        do {
            try withMemoryHeadroom {
                try connection.withTransaction {
                    for stream in pending { try load(stream: stream, from: spools[stream]!) }
                }
            }
        } catch let error as DuckDBError where error.kind == .invalidInput {
            // Most likely a record whose data is not JSON (the reader checks only its
            // structure); name it. Looked for only now, so good batches are parsed once.
            for stream in pending { try rejectInvalidJSON(stream: stream, in: spools[stream]!) }
            throw error
        }
        for stream in pending {
            spools[stream]!.remove()
            spools[stream] = nil
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
            let removed = try connection.execute(
                """
                DELETE FROM \(final) WHERE _airbyte_generation_id IS NULL OR _airbyte_generation_id < \(table.minimumGenerationId)
                """)
            log.info("stream \(table.table): refresh complete, removed \(removed) rows of earlier generations")
        }
    }

    /// Removes the spool and checkpoints the file, leaving it tidy. Everything is
    /// committed by then, so a CHECKPOINT that cannot run (another connection to
    /// the same database has a transaction open, as an in-process cache reader
    /// may) is only a warning: DuckDB checkpoints by itself later.
    func close() throws {
        removeSpools()
        do {
            try connection.execute("CHECKPOINT")
        } catch {
            log.warning("The file was not checkpointed (\(error.message)); every record is committed, and DuckDB checkpoints it later")
        }
    }

    func abort() {
        // Spooled records were never in a final table; a transaction a failed
        // commit left open is rolled back.
        _ = try? connection.execute("ROLLBACK")
        removeSpools()
    }

    private func removeSpools() {
        for spool in spools { spool?.remove() }
        spools = Array(repeating: nil, count: tables.count)
        spoolFolder.remove()
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
                    let next = Self.memoryLimitSteps.first(where: { $0.bytes > current })
                else { throw error }
                try connection.execute("SET memory_limit = \(SQL.literal(next.setting))")
                log.warning("DuckDB ran out of memory on a large batch; raised memory_limit to \(next.setting) and retried it")
            }
        }
    }

    /// Bytes of a memory setting as DuckDB prints it ("122.0 MiB", "1.8 GiB", "512 bytes").
    static func bytes(ofMemorySetting text: String) -> Int64? {
        let parts = text.split(separator: " ")
        guard parts.count == 2, let value = Double(parts[0]) else { return nil }
        let units: [Substring: Double] = [
            "bytes": 1, "KiB": 0x1p10, "MiB": 0x1p20, "GiB": 0x1p30, "TiB": 0x1p40,
            "KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12,
        ]
        return units[parts[1]].map { Int64(value * $0) }
    }

    // MARK: - Loading

    private func load(stream: Int, from spool: SpoolFile) throws {
        let table = tables[stream]
        let select = TypedSelect(table: table, spoolPath: spool.path, maximumObjectSize: max(spool.longestLine + 1, 1 << 20))
        let target = SQL.table(table.schema, table.loadTable)
        let columns = select.columnNames.map(SQL.identifier).joined(separator: ", ")
        guard case .dedup(let primaryKey, let cursor) = table.mode else {
            try connection.execute("INSERT INTO \(target) (\(columns)) \(select.sql)")
            return
        }
        let keys = primaryKey.compactMap { table.column(forKey: $0)?.name }
        let cursorColumn = cursor.flatMap { table.column(forKey: $0)?.name }
        let deletedColumn = table.column(forKey: "_ab_cdc_deleted_at")?.name
        for statement in Self.dedupSQL(
            target: target, select: select.sql, columns: select.columnNames,
            keys: keys, cursor: cursorColumn, deletedAt: deletedColumn)
        {
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
    static func dedupSQL(
        target: String, select: String, columns: [String], keys: [String],
        cursor: String?, deletedAt: String?
    ) -> [String] {
        let batchTable = "_airbyte_dedup_batch"
        let key = keys.map(SQL.identifier)
        let order = (cursor.map { ["\(SQL.identifier($0)) DESC NULLS LAST"] } ?? []) + ["_airbyte_extracted_at DESC"]
        let match = key.map { "t.\($0) IS NOT DISTINCT FROM s.\($0)" }.joined(separator: " AND ")
        let supersedes: String
        if let cursor {
            let c = SQL.identifier(cursor)
            supersedes =
                "((s.\(c) IS NOT NULL AND (t.\(c) IS NULL OR s.\(c) > t.\(c))) OR (s.\(c) IS NOT DISTINCT FROM t.\(c) AND s._airbyte_extracted_at >= t._airbyte_extracted_at))"
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

    /// The reader checks a record's structure, not the grammar inside `data` or
    /// `meta`, and DuckDB fails the whole batch on bad JSON: after such a failure,
    /// find the record (a strict parse, on this failure path only) and say which.
    private func rejectInvalidJSON(stream: Int, in spool: SpoolFile) throws {
        guard let bad = try spool.firstInvalidLine() else { return }
        let data = bad.line.dropFirst(SpoolFile.dataOffset).prefix(200)
        throw ConnectorFailure.system(
            "record \(bad.number) of this batch of stream \(tables[stream].table) has invalid JSON in its data or meta; the source sent malformed output",
            internalMessage: "invalid record (data's first 200 characters): \(String(decoding: data, as: UTF8.self))")
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
        let existing = Dictionary(
            try connection.existingColumns(schema: table.schema, table: table.table).map { ($0.name, $0.type) },
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
    /// generation (a retried attempt resumes into it) and resuming is on,
    /// otherwise made anew.
    private func prepareOverwriteTable(_ table: StreamTable) throws {
        let aside = SQL.table(table.schema, table.loadTable)
        if try !connection.existingColumns(schema: table.schema, table: table.loadTable).isEmpty {
            let generation = try connection.scalar("SELECT max(_airbyte_generation_id) FROM \(aside)")?.int64
            if resumesOverwrites, table.generationId > 0, generation == table.generationId {
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
