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
///
/// Under basic normalization a stream is a family of tables (``StreamTable/family``):
/// its commit loads the parent rows and every child table's rows in the same
/// transaction, and completing it swaps or refreshes them all at once.
final class DuckDBWriter: DestinationWriter {
    let connection: Connection
    /// The streams' tables; an integer column's type changes when it is widened.
    var tables: [StreamTable]
    /// Per stream: read its records by JSON path rather than as STRUCTs (set for the
    /// rest of the sync when a record did not fit the STRUCTs its schema declares).
    var readsByPath: [Bool]
    let log: Logger
    private let spoolFolder: SpoolFolder
    /// Whether an overwrite resumes into a table aside that holds rows of its
    /// generation (see ``DuckDBDestination/resumesOverwrites``).
    let resumesOverwrites: Bool
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
        readsByPath = Array(repeating: false, count: tables.count)
        do {
            try LoadFunctions.register(on: connection)
            // Rows of a load need no order (each carries its extraction time); keeping it would
            // make a load on more than one thread buffer its rows to restore it.
            try connection.execute("SET preserve_insertion_order = false")
            // DuckDB checkpoints once its WAL passes 16 MB by default: after nearly every commit
            // of a sync, each rewriting the table's last, growing row group. For wide or long
            // records that tripled the load's work (bench/run --shapes wide: 19.6 against 14.6
            // CPU-seconds at 1GB). The sync ends with a CHECKPOINT anyway.
            try connection.execute("SET wal_autocheckpoint = '1GB'")
            for table in tables { try prepareLoadTables(table) }
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
            spool = try SpoolFile(
                path: spoolFolder.file(named: "stream-\(stream)-\(spoolsMade).jsonl"), writesRawIds: tables[stream].family != nil)
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
            try withRetries {
                try connection.withTransaction {
                    for stream in pending { try load(stream: stream, from: spools[stream]!) }
                }
            }
        } catch let error as DuckDBError where error.kind == .invalidInput && WidenRequest(errorMessage: error.message) == nil {
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
        let members = table.familyTables
        if table.mode == .overwrite {
            try connection.withTransaction {
                for member in members {
                    try connection.execute("DROP TABLE IF EXISTS \(SQL.table(member.schema, member.table))")
                    try connection.execute(
                        "ALTER TABLE \(SQL.table(member.schema, member.loadTable)) RENAME TO \(SQL.identifier(member.table))")
                }
            }
            log.info(
                "stream \(table.table): replaced \(members.map { "\($0.schema).\($0.table)" }.joined(separator: ", ")) with this sync's rows"
            )
        } else if table.truncatesOnCompletion {
            let removed = try connection.withTransaction {
                try members.reduce(0) { count, member in
                    try count
                        + connection.execute(
                            """
                            DELETE FROM \(SQL.table(member.schema, member.table)) \
                            WHERE _airbyte_generation_id IS NULL OR _airbyte_generation_id < \(table.minimumGenerationId)
                            """)
                }
            }
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
    /// The first step is small: a row group of 200 columns needs about 200 MiB while
    /// DuckDB fills it, and 256 MiB holds it (peak RSS 345 MiB where 512 MiB let
    /// DuckDB grow to 546).
    static let memoryLimitSteps: [(bytes: Int64, setting: String)] = [
        (256 << 20, "256MiB"), (512 << 20, "512MiB"), (2 << 30, "2GiB"), (8 << 30, "8GiB"),
    ]

    /// Runs `body` (a whole transaction) again after what a retry can fix:
    /// - DuckDB ran out of memory (a batch of huge records under the small
    ///   default limit): memory_limit is raised one step. The small default
    ///   keeps ordinary syncs lean; rare huge records still load.
    /// - an integer beyond BIGINT reached a BIGINT column (``WidenRequest``): the
    ///   column becomes DECIMAL(38,0), in its own transaction, and keeps that type.
    /// - a value in a normalized stream is not the object or array its schema
    ///   declares (DuckDB's STRUCT reading stops): those streams are read by JSON
    ///   path from then on (``TypedSelect/readsByPath``), which nulls and records it.
    func withRetries(_ body: () throws -> Void) throws {
        var attempts = 0
        var widened = 0
        var readsAsStruct: [Int] { tables.indices.filter { !readsByPath[$0] } }
        while true {
            do {
                return try body()
            } catch let error as DuckDBError where WidenRequest(errorMessage: error.message) != nil {
                let request = WidenRequest(errorMessage: error.message)!
                widened += 1
                guard widened <= tables.reduce(0, { $0 + $1.columns.count }) else { throw error }
                try widen(request)
            } catch let error as DuckDBError
                where error.message.contains("JSON transform error")
                && readsAsStruct.contains(where: { tables[$0].family != nil })
            {
                // A value is not the object or array its schema declares: read those streams by path from now on.
                for stream in readsAsStruct where tables[stream].family != nil {
                    readsByPath[stream] = true
                    log.warning(
                        "stream \(tables[stream].table): a record does not match the nested objects and arrays its schema declares; reading it value by value from now on, with mismatches nulled and recorded (\(error.message.prefix(300)))"
                    )
                }
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
}
