public import DuckDB

extension Cache {
    /// Runs one SQL statement on the cache and returns its rows: all of them,
    /// or the first `limit` (the rest are counted, not kept, in
    /// ``QueryRows/totalRowCount``). Stream tables are `schema.table`, for
    /// example `main.users`; see ``streams()``.
    ///
    /// ```swift
    /// let rows = try cache.query("SELECT count(*) AS users FROM main.users WHERE age > ?", 30)
    /// print(rows[0, "users"]?.int64 ?? 0)
    /// ```
    ///
    /// - Throws: `DuckDBError` with DuckDB's message when the SQL fails.
    public func query(_ sql: String, _ parameters: DuckDBValue..., limit: Int? = nil) throws(DuckDBError) -> QueryRows {
        let result = try openQuery(sql, parameters)
        var rows: [[DuckDBValue]] = []
        var total = 0
        while let chunk = try result.nextChunk() {
            let wanted = limit.map { max(0, min(chunk.rowCount, $0 - rows.count)) } ?? chunk.rowCount
            for row in 0..<wanted {
                rows.append((0..<chunk.columnCount).map { chunk[row: row, column: $0] })
            }
            total += chunk.rowCount
        }
        return QueryRows(columns: result.columns, rows: rows, totalRowCount: total)
    }

    /// Runs one SQL statement on the cache and streams its rows chunk by chunk,
    /// for results too large to hold in memory (see `QueryResult`).
    public func openQuery(_ sql: String, _ parameters: [DuckDBValue] = []) throws(DuckDBError) -> QueryResult {
        let statement = try database.connect().prepare(sql)
        try statement.bind(parameters)
        return try statement.query()
    }
}
