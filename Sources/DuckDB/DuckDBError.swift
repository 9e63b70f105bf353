/// An error from DuckDB, with DuckDB's own message and the SQL that failed.
///
/// `description` never contains configuration values (tokens are passed as
/// options, never interpolated into messages); the SQL is shown trimmed to
/// ``sqlExcerptLength`` characters.
public struct DuckDBError: Error, Sendable, CustomStringConvertible {
    /// What our code was doing when DuckDB failed. Extensible: compare with the static members.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        public static let openFailed = Code("opening the database failed")
        public static let databaseLocked = Code("the database file is locked by another process")
        public static let invalidOption = Code("a database option was rejected")
        public static let connectFailed = Code("connecting failed")
        public static let queryFailed = Code("the query failed")
        public static let prepareFailed = Code("preparing the statement failed")
        public static let bindFailed = Code("binding a parameter failed")
        public static let appenderFailed = Code("the appender failed")
        public static let unsupportedType = Code("the value's type is not supported here")
    }

    /// DuckDB's classification of an error (constraint, catalog, I/O, ...), when it gave one.
    public struct Kind: Hashable, Sendable, CustomStringConvertible {
        /// DuckDB's numeric `duckdb_error_type`.
        public let rawValue: Int
        public var description: String { Self.names[rawValue] ?? "error \(rawValue)" }

        public static let conversion = Kind(rawValue: 2)
        public static let outOfRange = Kind(rawValue: 1)
        public static let transaction = Kind(rawValue: 10)
        public static let catalog = Kind(rawValue: 13)
        public static let parser = Kind(rawValue: 14)
        public static let constraint = Kind(rawValue: 18)
        public static let io = Kind(rawValue: 28)
        public static let interrupt = Kind(rawValue: 29)
        public static let invalidInput = Kind(rawValue: 32)
        public static let outOfMemory = Kind(rawValue: 33)
        public static let permission = Kind(rawValue: 34)

        private static let names: [Int: String] = [
            1: "out of range", 2: "conversion", 3: "unknown type", 4: "decimal", 5: "mismatch type",
            6: "divide by zero", 7: "object size", 8: "invalid type", 9: "serialization",
            10: "transaction", 11: "not implemented", 12: "expression", 13: "catalog", 14: "parser",
            15: "planner", 16: "scheduler", 17: "executor", 18: "constraint", 19: "index", 20: "stat",
            21: "connection", 22: "syntax", 23: "settings", 24: "binder", 25: "network", 26: "optimizer",
            27: "null pointer", 28: "io", 29: "interrupt", 30: "fatal", 31: "internal",
            32: "invalid input", 33: "out of memory", 34: "permission", 35: "parameter not resolved",
            36: "parameter not allowed", 37: "dependency", 38: "http", 39: "missing extension",
            40: "autoload", 41: "sequence",
        ]
    }

    /// How many characters of the failing SQL `description` shows.
    public static let sqlExcerptLength = 300

    public let code: Code
    /// DuckDB's message, as DuckDB wrote it.
    public let message: String
    /// DuckDB's classification, when it gave one.
    public let kind: Kind?
    /// The SQL that failed, when there was one.
    public let sql: String?

    public init(code: Code, message: String, kind: Kind? = nil, sql: String? = nil) {
        self.code = code
        self.message = message
        self.kind = kind
        self.sql = sql
    }

    /// True when another process holds the database file's lock: close that
    /// process (or open the file read-only from both) and try again.
    public var isDatabaseLocked: Bool { code == .databaseLocked }

    public var description: String {
        var text = "\(code): \(message)"
        if let sql {
            let excerpt = sql.count > Self.sqlExcerptLength ? sql.prefix(Self.sqlExcerptLength) + "…" : Substring(sql)
            text += " [SQL: \(excerpt)]"
        }
        return text
    }

    /// DuckDB reports a held lock when opening as an I/O error whose text names
    /// the lock; this is how it says so in 1.x ("Could not set lock on file ...
    /// Conflicting lock is held in ...").
    static func isLockMessage(_ message: String) -> Bool {
        message.contains("Could not set lock on file") || message.contains("Conflicting lock is held")
    }
}

extension DuckDBError: CustomDebugStringConvertible {
    /// Every field, the whole SQL included: for whoever debugs it.
    public var debugDescription: String {
        var text = "DuckDBError(code: \(code), message: \(String(reflecting: message))"
        if let kind { text += ", kind: \(kind)" }
        if let sql { text += ", sql: \(String(reflecting: sql))" }
        return text + ")"
    }
}
