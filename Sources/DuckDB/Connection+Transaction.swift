extension Connection {
    /// Runs `body` inside `BEGIN TRANSACTION … COMMIT`; rolls back and rethrows
    /// when `body` throws. A failed `COMMIT` (a constraint or write conflict
    /// detected at commit) is rolled back too and thrown as a ``DuckDBError``.
    ///
    /// ```swift
    /// try connection.withTransaction {
    ///     try connection.execute("DELETE FROM users WHERE id = 1")
    ///     try connection.execute("INSERT INTO users VALUES (1, 'new')")
    /// }
    /// ```
    public func withTransaction<Result>(_ body: () throws -> Result) throws -> Result {
        try execute("BEGIN TRANSACTION")
        let result: Result
        do {
            result = try body()
        } catch {
            rollbackQuietly()
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            rollbackQuietly()
            throw error
        }
        return result
    }

    /// Rolls back whatever is open. The error that caused the rollback is the one
    /// the caller needs; a rollback with nothing to roll back (DuckDB already
    /// aborted the transaction) is expected and not an error worth reporting.
    private func rollbackQuietly() {
        _ = try? execute("ROLLBACK")
    }
}
