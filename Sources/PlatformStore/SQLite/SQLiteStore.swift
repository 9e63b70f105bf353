import AirbyteProtocol
import Foundation
import GRDB
package import Logging

/// The embedded store: one SQLite file through GRDB, in WAL mode (readers
/// never wait for the writer), `.swiftbyte/platform.sqlite` by default.
///
/// Every write is an IMMEDIATE transaction, so writers — threads of this
/// process or other processes on the same file — queue for the file's write
/// lock instead of failing when they meet; a claim reads and takes a job in one
/// such transaction, so no two claimers get the same job.
package final class SQLiteStore: PlatformStore {
    /// The database file.
    package let path: String
    let pool: DatabasePool
    let logger: Logger

    package var location: String { path }

    /// Opens (creating it if needed) and migrates the database at `path`.
    ///
    /// - Throws: ``StoreError`` `unavailable` when the file cannot be opened,
    ///   `migrationFailed` or `schemaTooNew` when its schema cannot be brought up to date.
    package static func open(path: String, logger: Logger) async throws -> SQLiteStore {
        let store = try SQLiteStore(path: path, logger: logger)
        try await store.migrate()
        return store
    }

    private init(path: String, logger: Logger) throws {
        self.path = path
        self.logger = logger
        var configuration = Configuration()
        configuration.label = "swiftbyte-platform"
        configuration.busyMode = .timeout(30)
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw StoreError(.unavailable, message: "the platform database \(path) cannot be opened", underlying: error)
        }
    }

    /// Applies the migrations the database lacks; returns their versions.
    @discardableResult
    func migrate() async throws -> [Int] {
        let location = path
        do {
            let applied = try await write { db -> [Int] in
                try db.execute(sql: Migration.ledger)
                let version = try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0
                let pending = try Migration.pending(after: version, location: location)
                for migration in pending {
                    for statement in migration.sqlite { try db.execute(sql: statement) }
                    try db.execute(
                        sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                        arguments: [migration.version, migration.name, Date().storeMilliseconds])
                }
                return pending.map(\.version)
            }
            if !applied.isEmpty { logger.info("migrated the platform database", metadata: ["versions": "\(applied)", "path": "\(path)"]) }
            return applied
        } catch let error as StoreError where error.code == .schemaTooNew {
            throw error
        } catch {
            throw StoreError(.migrationFailed, message: "migrating the platform database \(path) failed", underlying: error)
        }
    }

    package func schemaVersion() async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(version), 0) FROM schema_migrations") ?? 0 }
    }

    package func close() async throws {
        do {
            try pool.close()
        } catch {
            throw StoreError(.databaseError, message: "closing the platform database \(path) failed", underlying: error)
        }
    }

    // MARK: Access

    /// Runs `body` in an IMMEDIATE transaction, committed when it returns.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError(.databaseError, message: "a transaction ended without a result") }
                return result
            }
        } catch {
            throw Self.storeError(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error)
        }
    }

    /// GRDB's error as a ``StoreError``.
    static func storeError(_ error: any Error) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let error = error as? DatabaseError {
            if error.resultCode == .SQLITE_CONSTRAINT,
                [.SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY].contains(error.extendedResultCode)
            {
                return StoreError(.conflict, message: "a row with the same key already exists", underlying: error)
            }
            return StoreError(.databaseError, message: "the platform database failed: \(error.resultCode)", underlying: error)
        }
        return StoreError(.databaseError, message: "the platform database failed", underlying: error)
    }

    /// Runs `sql` as it is, in a write transaction, and returns its rows: for
    /// tests and diagnostics that must see what is really stored. Never with a client's text.
    package func rawRows(_ sql: String) async throws -> [StoreRow] {
        try await write { db in try Self.rows(SQLStatement(sql: sql, binds: []), table: "raw", in: db) }
    }

    // MARK: Rows

    static func execute(_ statement: SQLStatement, in db: Database) throws {
        try db.execute(sql: statement.sql, arguments: arguments(statement.binds))
    }

    static func rows(_ statement: SQLStatement, table: String, in db: Database) throws -> [StoreRow] {
        try Row.fetchAll(db, sql: statement.sql, arguments: arguments(statement.binds)).map { row in
            var values: [String: StoreValue] = [:]
            for (column, value) in row {
                values[column] =
                    switch value.storage {
                    case .null: .null
                    case .int64(let integer): .integer(integer)
                    case .double(let real): .real(real)
                    case .string(let text): .text(text)
                    case .blob(let data): .text(String(decoding: data, as: UTF8.self))
                    }
            }
            return StoreRow(table: table, values: values)
        }
    }

    private static func arguments(_ binds: [StoreValue]) -> StatementArguments {
        StatementArguments(
            binds.map { value -> (any DatabaseValueConvertible)? in
                switch value {
                case .null: nil
                case .integer(let integer): integer
                case .real(let real): real
                case .text(let text): text
                case .bool(let bool): bool
                }
            })
    }

    package func insert(_ row: StoreRow, into table: StoreTable, ifAbsent: Bool) async throws -> Bool {
        let statement = SQLBuilder.insert(row, into: table, ifAbsent: ifAbsent, dialect: .sqlite)
        return try await write { db in
            try Self.execute(statement, in: db)
            return db.changesCount > 0
        }
    }

    package func upsert(_ row: StoreRow, into table: StoreTable) async throws {
        let statement = SQLBuilder.upsert(row, into: table, dialect: .sqlite)
        try await write { db in try Self.execute(statement, in: db) }
    }

    package func update(_ row: StoreRow, in table: StoreTable) async throws -> Bool {
        let statement = SQLBuilder.update(row, in: table, dialect: .sqlite)
        return try await write { db in
            try Self.execute(statement, in: db)
            return db.changesCount > 0
        }
    }

    package func select(from table: StoreTable, _ query: StoreQuery) async throws -> [StoreRow] {
        let statement = try SQLBuilder.select(from: table, query, dialect: .sqlite)
        return try await read { db in try Self.rows(statement, table: table.name, in: db) }
    }

    package func count(in table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int {
        let statement = try SQLBuilder.count(in: table, conditions, dialect: .sqlite)
        return try await read { db in try Int.fetchOne(db, sql: statement.sql, arguments: Self.arguments(statement.binds)) ?? 0 }
    }

    package func delete(from table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int {
        let statement = try SQLBuilder.delete(from: table, conditions, dialect: .sqlite)
        return try await write { db in
            try Self.execute(statement, in: db)
            return db.changesCount
        }
    }
}
