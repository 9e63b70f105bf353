internal import CDuckDB

/// A DuckDB database: a file, or in memory. Open connections with ``connect()``.
///
/// ```swift
/// let database = try Database(path: "cache.duckdb", options: .init(threads: 2))
/// let connection = try database.connect()
/// ```
///
/// The database stays open while this object or any of its connections is alive.
///
/// `Sendable`: DuckDB's `duckdb_database` is safe to connect to from any thread
/// (each connection then belongs to one thread at a time); the handle itself is
/// never mutated after `init`, and `duckdb_close` runs once in `deinit`.
public final class Database: @unchecked Sendable {
    /// Settings applied when the database opens.
    public struct Options: Sendable {
        /// Open without write access; many processes may share a read-only file.
        public var readOnly: Bool
        /// Worker threads for this database (DuckDB's default: one per core).
        public var threads: Int?
        /// DuckDB's `memory_limit`, for example `"1GB"` (default: 80% of RAM).
        public var memoryLimit: String?
        /// Any other DuckDB configuration option by name, for example
        /// `["motherduck_token": token]`. Values never appear in error messages.
        public var settings: [String: String]

        public init(readOnly: Bool = false, threads: Int? = nil, memoryLimit: String? = nil, settings: [String: String] = [:]) {
            self.readOnly = readOnly
            self.threads = threads
            self.memoryLimit = memoryLimit
            self.settings = settings
        }

        var allSettings: [(String, String)] {
            var all: [(String, String)] = []
            if readOnly { all.append(("access_mode", "READ_ONLY")) }
            if let threads { all.append(("threads", String(threads))) }
            if let memoryLimit { all.append(("memory_limit", memoryLimit)) }
            all += settings.sorted { $0.key < $1.key }
            return all
        }
    }

    /// The version of the linked libduckdb, for example `"v1.5.6"`.
    public static var libraryVersion: String { String(cString: duckdb_library_version()) }

    /// The file this database was opened from, or `nil` in memory.
    public let path: String?
    let handle: duckdb_database

    /// Opens (creating if needed) the database at `path`, or an in-memory one when `path` is `nil`.
    /// - Throws: ``DuckDBError`` with code ``DuckDBError/Code/databaseLocked`` when another
    ///   process holds the file, ``DuckDBError/Code/invalidOption`` for a rejected option.
    public init(path: String? = nil, options: Options = Options()) throws(DuckDBError) {
        var config: duckdb_config?
        guard duckdb_create_config(&config) == DuckDBSuccess else {
            throw DuckDBError(code: .openFailed, message: "DuckDB could not allocate a configuration")
        }
        defer { duckdb_destroy_config(&config) }
        for (name, value) in options.allSettings where duckdb_set_config(config, name, value) != DuckDBSuccess {
            throw DuckDBError(code: .invalidOption, message: "DuckDB rejected the option '\(name)' (value not shown)")
        }
        var database: duckdb_database?
        var errorText: UnsafeMutablePointer<CChar>?
        let state = duckdb_open_ext(path ?? ":memory:", &database, config, &errorText)
        guard state == DuckDBSuccess, let database else {
            let message = errorText.map { String(cString: $0) } ?? "unknown error"
            if let errorText { duckdb_free(errorText) }
            let code: DuckDBError.Code =
                DuckDBError.isLockMessage(message)
                ? .databaseLocked
                : message.contains("options were not recognized") ? .invalidOption : .openFailed
            throw DuckDBError(code: code, message: message)
        }
        self.path = path
        self.handle = database
    }

    deinit {
        var database: duckdb_database? = handle
        duckdb_close(&database)
    }

    /// A new connection. Each connection has its own transaction; use one per thread or task.
    public func connect() throws(DuckDBError) -> Connection {
        try Connection(database: self)
    }
}
