internal import CDuckDB

/// A connection to a ``Database``: runs SQL, prepares statements, appends rows.
///
/// A connection is one DuckDB client context: one transaction at a time, and
/// one running query at a time. A streamed ``QueryResult`` reads from the
/// connection while you iterate it, so finish (or drop) it before running the
/// next statement on the same connection: DuckDB invalidates an open stream when
/// the connection runs something else.
///
/// Not `Sendable`: DuckDB connections must not be used from two threads at once.
/// Hand one to a task with `sending`, or open one connection per task.
public final class Connection {
    /// The database this connection belongs to (kept alive while the connection is).
    public let database: Database
    let handle: duckdb_connection

    init(database: Database) throws(DuckDBError) {
        var connection: duckdb_connection?
        guard duckdb_connect(database.handle, &connection) == DuckDBSuccess, let connection else {
            throw DuckDBError(code: .connectFailed, message: "DuckDB refused a new connection to \(database.path ?? ":memory:")")
        }
        self.database = database
        self.handle = connection
    }

    deinit {
        var connection: duckdb_connection? = handle
        duckdb_disconnect(&connection)
    }

    /// Runs one or more `;`-separated statements and discards any rows.
    /// - Returns: the rows changed by the last statement (0 for DDL).
    @discardableResult
    public func execute(_ sql: String) throws(DuckDBError) -> Int {
        var result = duckdb_result()
        defer { duckdb_destroy_result(&result) }
        guard duckdb_query(handle, sql, &result) == DuckDBSuccess else {
            throw DuckDBError(code: .queryFailed, result: &result, sql: sql)
        }
        return Int(duckdb_rows_changed(&result))
    }

    /// Runs one statement with `parameters` bound to `?` / `$1` placeholders and
    /// streams its rows chunk by chunk (see ``QueryResult``).
    public func query(_ sql: String, _ parameters: DuckDBValue...) throws(DuckDBError) -> QueryResult {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        return try statement.query()
    }

    /// The first column of the first row of `sql`, or `nil` when it returns no rows.
    public func scalar(_ sql: String, _ parameters: DuckDBValue...) throws(DuckDBError) -> DuckDBValue? {
        let statement = try prepare(sql)
        try statement.bind(parameters)
        // Materialized: a streamed result read only in part would keep its query (and
        // transaction) open until this connection runs something else, which stops
        // other connections from checkpointing the file meanwhile.
        let result = try statement.materializedQuery()
        guard let chunk = try result.nextChunk(), chunk.rowCount > 0, chunk.columnCount > 0 else { return nil }
        return chunk[row: 0, column: 0]
    }

    /// Compiles one statement for repeated execution with different parameters.
    public func prepare(_ sql: String) throws(DuckDBError) -> PreparedStatement {
        try PreparedStatement(connection: self, sql: sql)
    }

    /// Asks the running query on this connection to stop; it then fails with an
    /// ``DuckDBError/Kind/interrupt`` error. Safe to call from another thread.
    public func interrupt() {
        duckdb_interrupt(handle)
    }
}

extension DuckDBError {
    /// The error a failed `duckdb_result` carries.
    init(code: Code, result: inout duckdb_result, sql: String?) {
        let message = duckdb_result_error(&result).map { String(cString: $0) } ?? "unknown error"
        let kind = duckdb_result_error_type(&result)
        self.init(code: code, message: message, kind: kind.rawValue == 0 ? nil : Kind(rawValue: Int(kind.rawValue)), sql: sql)
    }
}
