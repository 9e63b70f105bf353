public import DestinationKit
package import DuckDB
import Foundation
public import Logging

/// The DuckDB destination: typed tables with Airbyte's metadata columns, in a
/// local DuckDB file (or MotherDuck), with append, overwrite and append_dedup.
///
/// ```swift
/// // main.swift of an executable
/// DestinationCommand<DuckDBDestination>.main()
/// ```
public struct DuckDBDestination: Destination {
    let config: DuckDBDestinationConfig
    let log: Logger
    /// The database to write to when the caller already has it open (the
    /// runner's cache), so the file is not opened a second time.
    let database: Database?
    /// Whether an overwrite whose table aside already holds rows of its
    /// generation resumes into it, as the Airbyte platform expects of a retried
    /// attempt (which passes the previous attempt's state). The runner's cache
    /// turns it off: it never passes the state of an unfinished overwrite, so a
    /// retry reads from the start and must start the table aside afresh.
    let resumesOverwrites: Bool

    public init(config: JSONValue, log: Logger = .discarding) throws {
        self.config = try DuckDBDestinationConfig(json: config)
        self.log = log
        self.database = nil
        self.resumesOverwrites = true
    }

    /// A destination writing into `database`, already open, which `config`'s
    /// `destination_path` names (used in messages); `schema` as configured.
    package init(config: JSONValue, database: Database, resumesOverwrites: Bool = true, log: Logger) throws {
        self.config = try DuckDBDestinationConfig(json: config)
        self.log = log
        self.database = database
        self.resumesOverwrites = resumesOverwrites
    }

    public func check() throws -> [String] {
        if !config.isMotherDuck {
            let folder = URL(fileURLWithPath: config.destinationPath).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                return [
                    "the folder \(folder.path) cannot be created: \(error.localizedDescription); choose a destination_path in a writable folder"
                ]
            }
        }
        let connection: Connection
        do {
            connection = try open()
        } catch {
            return [error.userMessage]
        }
        let probe = SQL.table(config.schema, "_airbyte_check_\(UUID().uuidString.prefix(8).lowercased())")
        do {
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SQL.identifier(config.schema))")
            try connection.execute("CREATE TABLE \(probe) (id BIGINT, payload JSON)")
            try connection.execute("INSERT INTO \(probe) VALUES (1, '{\"ok\": true}')")
            try connection.execute("DROP TABLE \(probe)")
        } catch {
            return [
                "DuckDB cannot create, write and drop a table in schema \(config.schema) of \(config.destinationPath): \(error.message)"
            ]
        }
        return []
    }

    /// The kit's policy with large commits: at most one every 10 seconds for STATE
    /// messages, and at 2 GiB of spooled records. The records wait on disk, not in
    /// memory, and DuckDB loads a batch of at least a row group (122,880 rows) by
    /// writing its row groups straight into the file, where a smaller commit writes
    /// its rows into the WAL and the checkpoint writes them again. 2 GiB holds a row
    /// group of records up to 17 KB: 200,000 records with a 10 KB string took 20.0
    /// CPU-seconds with 1 GiB batches (just under a row group) and 10.6 with 2 GiB;
    /// with commits every second or 128 MiB, wide records took 1.25 times the CPU
    /// (`bench/run --shapes all`). A STATE therefore waits up to 10 seconds, plus
    /// its commit, before it is acknowledged (`bench/ack_latency.py`).
    public var commitPolicy: CommitPolicy {
        CommitPolicy(minimumInterval: .seconds(10), maximumUncommittedBytes: 2 << 30)
    }

    public func makeWriter(catalog: ConfiguredAirbyteCatalog) throws -> any DestinationWriter {
        let connection = try open()
        let planner = TablePlanner(connection: connection, normalizer: NameNormalizer(), normalizes: config.basicNormalization)
        let tables = try planner.plan(catalog, defaultSchema: config.schema)
        let spoolFolder = try SpoolFolder(
            parent: SpoolFolder.parent(forDatabaseAt: config.destinationPath, isMotherDuck: config.isMotherDuck), log: log)
        return try DuckDBWriter(
            connection: connection, tables: tables, spoolFolder: spoolFolder,
            resumesOverwrites: resumesOverwrites, log: log)
    }

    /// Opens the configured database, explaining the usual failures.
    func open() throws(ConnectorFailure) -> Connection {
        if let database {
            do {
                return try database.connect()
            } catch {
                throw .system("DuckDB cannot connect to \(config.destinationPath): \(error.message)", internalMessage: error.description)
            }
        }
        let settings = config.connectionSettings
        do {
            let database = try Database(path: settings.path, options: settings.options)
            return try database.connect()
        } catch let error where error.isDatabaseLocked {
            throw .transient(
                "\(config.destinationPath) is open in another process (a DuckDB shell, a notebook or another sync); close it and retry",
                internalMessage: error.message)
        } catch {
            throw .config("DuckDB cannot open \(config.destinationPath): \(error.message)", internalMessage: error.description)
        }
    }
}

extension ColumnKind {
    /// The narrowest kind that holds both without losing values (see docs/destination-duckdb.md):
    /// integer + number → number; date ⊂ timestamp ⊂ timestamptz; time ⊂ timetz;
    /// anything + json → json; other mixes → string.
    func widened(with other: ColumnKind) -> ColumnKind {
        if self == other { return self }
        let pair = Set([self, other])
        if pair.contains(.json) { return .json }
        if pair == [.integer, .number] { return .number }
        if pair == [.date, .timestampWithoutTimezone] { return .timestampWithoutTimezone }
        if pair == [.date, .timestampWithTimezone] || pair == [.timestampWithoutTimezone, .timestampWithTimezone] {
            return .timestampWithTimezone
        }
        if pair == [.timeWithoutTimezone, .timeWithTimezone] { return .timeWithTimezone }
        return .string
    }
}
