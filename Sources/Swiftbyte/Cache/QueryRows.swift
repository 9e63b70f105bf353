public import DuckDB

/// The rows of a query on the cache, read into memory by ``Cache/query(_:_:limit:)``.
///
/// ```swift
/// let top = try cache.query("SELECT name, age FROM users ORDER BY age DESC", limit: 3)
/// for row in top.rows { print(row[0].text, row[1].int64 ?? 0) }
/// ```
public struct QueryRows: Sendable {
    /// The result's columns: names and DuckDB types.
    public let columns: [QueryResult.Column]
    /// The rows read, each with one value per column.
    public let rows: [[DuckDBValue]]
    /// How many rows the query returned, including those past the limit.
    public let totalRowCount: Int

    public init(columns: [QueryResult.Column], rows: [[DuckDBValue]], totalRowCount: Int) {
        self.columns = columns
        self.rows = rows
        self.totalRowCount = totalRowCount
    }

    /// Rows the limit left out.
    public var omittedRowCount: Int { totalRowCount - rows.count }

    /// The value of the column named `column` in row `row`; `nil` when no column has that name.
    public subscript(row: Int, column: String) -> DuckDBValue? {
        columns.firstIndex { $0.name == column }.map { rows[row][$0] }
    }
}
