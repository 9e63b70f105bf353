import AirbyteProtocol
import Foundation
package import Logging
import PostgresNIO

/// The shared store: PostgreSQL through postgres-nio's connection pool, for
/// several `swiftbyte server` processes (on one machine or many) sharing one queue.
///
/// Claims take the oldest due job with `FOR UPDATE SKIP LOCKED`, so concurrent
/// claimers skip each other's rows instead of waiting or colliding; the
/// queue's other operations lock the job's row (`FOR UPDATE`, or `FOR SHARE` to
/// save a state) for the length of their transaction.
package final class PostgresStore: PlatformStore {
    let client: PostgresClient
    let logger: Logger
    private let running: Task<Void, Never>
    package let location: String

    /// Connects to the database `url` (`postgres://user:password@host:port/database?sslmode=disable`)
    /// and migrates it.
    ///
    /// - Throws: ``StoreError`` `unavailable` when the URL is not PostgreSQL's or
    ///   the server cannot be reached; `migrationFailed` or `schemaTooNew`.
    package static func open(url: String, logger: Logger) async throws -> PostgresStore {
        let location = try PostgresLocation(url: url)
        let store = PostgresStore(location: location, logger: logger)
        do {
            try await store.migrate()
        } catch {
            try? await store.close()
            throw error
        }
        return store
    }

    private init(location: PostgresLocation, logger: Logger) {
        self.location = location.description
        self.logger = logger
        // The pool's background chatter (a lease asked for before run() started) is
        // not worth a server log line; its errors are.
        var background = logger
        background.logLevel = max(logger.logLevel, .error)
        let client = PostgresClient(configuration: location.configuration, backgroundLogger: background)
        self.client = client
        running = Task { await client.run() }
    }

    package func close() async throws {
        running.cancel()
        await running.value
    }

    /// Applies the migrations the database lacks, holding an advisory lock so
    /// processes starting together migrate one after the other.
    @discardableResult
    func migrate() async throws -> [Int] {
        let location = self.location
        do {
            let applied = try await transaction { connection, logger -> [Int] in
                try await Self.execute(SQLStatement(sql: "SELECT pg_advisory_xact_lock(727301)", binds: []), on: connection, logger: logger)
                try await Self.execute(SQLStatement(sql: Migration.ledger, binds: []), on: connection, logger: logger)
                let rows = try await Self.rows(
                    SQLStatement(
                        sql: "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations",
                        binds: []), table: "schema_migrations", on: connection, logger: logger)
                let version = Int(try rows.first?.integer("version") ?? 0)
                let pending = try Migration.pending(after: version, location: location)
                for migration in pending {
                    for statement in migration.postgres {
                        try await Self.execute(SQLStatement(sql: statement, binds: []), on: connection, logger: logger)
                    }
                    try await Self.execute(
                        SQLStatement(
                            sql: "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                            binds: [.integer(Int64(migration.version)), .text(migration.name), StoreValue(Date())]),
                        on: connection, logger: logger)
                }
                return pending.map(\.version)
            }
            if !applied.isEmpty {
                logger.info("migrated the platform database", metadata: ["versions": "\(applied)", "database": "\(location)"])
            }
            return applied
        } catch let error as StoreError where error.code == .schemaTooNew || error.code == .unavailable {
            throw error
        } catch {
            throw StoreError(.migrationFailed, message: "migrating the platform database \(location) failed", underlying: error)
        }
    }

    package func schemaVersion() async throws -> Int {
        let rows = try await run { connection, logger in
            try await Self.rows(
                SQLStatement(sql: "SELECT COALESCE(MAX(version), 0) AS version FROM schema_migrations", binds: []),
                table: "schema_migrations", on: connection, logger: logger)
        }
        return Int(try rows.first?.integer("version") ?? 0)
    }

    // MARK: Access

    /// Runs `body` on a pooled connection, outside a transaction.
    func run<T: Sendable>(_ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        do {
            return try await client.withConnection { connection in try await body(connection, logger) }
        } catch {
            throw Self.storeError(error, location: location)
        }
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws.
    func transaction<T: Sendable>(_ body: (PostgresConnection, Logger) async throws -> T) async throws -> T {
        do {
            return try await client.withTransaction(logger: logger) { connection in try await body(connection, logger) }
        } catch {
            throw Self.storeError(error, location: location)
        }
    }

    /// postgres-nio's error as a ``StoreError``.
    static func storeError(_ error: any Error, location: String) -> any Error {
        if error is StoreError || error is CancellationError { return error }
        if let transaction = error as? PostgresTransactionError {
            return storeError(
                transaction.closureError ?? transaction.beginError ?? transaction.commitError ?? error,
                location: location)
        }
        if let error = error as? PSQLError {
            if error.serverInfo?[.sqlState] == "23505" {
                return StoreError(.conflict, message: "a row with the same key already exists", underlying: error)
            }
            if error.code == .connectionError || error.code == .serverClosedConnection || error.code == .clientClosedConnection
                || error.code == .poolClosed
            {
                return StoreError(.unavailable, message: "the platform database \(location) cannot be reached", underlying: error)
            }
            let message = error.serverInfo?[.message].map { ": \($0)" } ?? ""
            return StoreError(.databaseError, message: "the platform database failed\(message)", underlying: error)
        }
        return StoreError(.databaseError, message: "the platform database failed", underlying: error)
    }

    /// Runs `sql` as it is, in a transaction, and returns its rows: for tests
    /// and diagnostics that must see what is really stored. Never with a client's text.
    package func rawRows(_ sql: String) async throws -> [StoreRow] {
        try await transaction { connection, logger in
            try await Self.rows(SQLStatement(sql: sql, binds: []), table: "raw", on: connection, logger: logger)
        }
    }

    // MARK: Rows

    static func query(_ statement: SQLStatement) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: statement.binds.count)
        for value in statement.binds {
            switch value {
            case .null: bindings.appendNull()
            case .integer(let integer): bindings.append(integer)
            case .real(let real): bindings.append(real)
            case .text(let text): bindings.append(text)
            case .bool(let bool): bindings.append(bool)
            }
        }
        return PostgresQuery(unsafeSQL: statement.sql, binds: bindings)
    }

    static func rows(
        _ statement: SQLStatement, table: String, on connection: PostgresConnection,
        logger: Logger
    ) async throws -> [StoreRow] {
        var rows: [StoreRow] = []
        for try await row in try await connection.query(query(statement), logger: logger) {
            var values: [String: StoreValue] = [:]
            for cell in row {
                values[cell.columnName] = try value(of: cell)
            }
            rows.append(StoreRow(table: table, values: values))
        }
        return rows
    }

    /// Runs `statement`; returns how many rows it returned (use `RETURNING 1` to count changed rows).
    @discardableResult
    static func execute(_ statement: SQLStatement, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        var count = 0
        for try await _ in try await connection.query(query(statement), logger: logger) { count += 1 }
        return count
    }

    private static func value(of cell: PostgresCell) throws -> StoreValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return .integer(try cell.decode(Int64.self))
        case .bool: return .bool(try cell.decode(Bool.self))
        case .float4, .float8: return .real(try cell.decode(Double.self))
        default: return .text(try cell.decode(String.self))
        }
    }

    package func insert(_ row: StoreRow, into table: StoreTable, ifAbsent: Bool) async throws -> Bool {
        var statement = SQLBuilder.insert(row, into: table, ifAbsent: ifAbsent, dialect: .postgres)
        statement.sql += " RETURNING 1"
        return try await run { connection, logger in try await Self.execute(statement, on: connection, logger: logger) > 0 }
    }

    package func upsert(_ row: StoreRow, into table: StoreTable) async throws {
        let statement = SQLBuilder.upsert(row, into: table, dialect: .postgres)
        _ = try await run { connection, logger in try await Self.execute(statement, on: connection, logger: logger) }
    }

    package func update(_ row: StoreRow, in table: StoreTable) async throws -> Bool {
        var statement = SQLBuilder.update(row, in: table, dialect: .postgres)
        statement.sql += " RETURNING 1"
        return try await run { connection, logger in try await Self.execute(statement, on: connection, logger: logger) > 0 }
    }

    package func select(from table: StoreTable, _ query: StoreQuery) async throws -> [StoreRow] {
        let statement = try SQLBuilder.select(from: table, query, dialect: .postgres)
        return try await run { connection, logger in
            try await Self.rows(statement, table: table.name, on: connection, logger: logger)
        }
    }

    package func count(in table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int {
        let statement = try SQLBuilder.count(in: table, conditions, dialect: .postgres)
        let rows = try await run { connection, logger in
            try await Self.rows(statement, table: table.name, on: connection, logger: logger)
        }
        return Int(try rows.first?.integer("count") ?? 0)
    }

    package func delete(from table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int {
        var statement = try SQLBuilder.delete(from: table, conditions, dialect: .postgres)
        statement.sql += " RETURNING 1"
        return try await run { connection, logger in try await Self.execute(statement, on: connection, logger: logger) }
    }
}
