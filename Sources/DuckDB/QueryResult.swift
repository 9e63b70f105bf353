internal import CDuckDB

/// The rows of a query, fetched from DuckDB one chunk (up to 2048 rows) at a
/// time, so a result never has to fit in memory.
///
/// ```swift
/// let result = try connection.query("SELECT id, name FROM users")
/// while let chunk = try result.nextChunk() {
///     for row in 0..<chunk.rowCount { print(chunk[row: row, column: 1]) }
/// }
/// ```
///
/// Read it before running another statement on the same connection (DuckDB
/// closes an open stream when its connection runs something else). A result
/// read only in part keeps its query, and its transaction, open until then,
/// which stops other connections from checkpointing the file meanwhile.
public final class QueryResult {
    /// A result column: its name and SQL type.
    public struct Column: Sendable, Hashable {
        public let name: String
        public let type: DuckDBType
    }

    public let columns: [Column]
    private var result: duckdb_result
    /// The statement must outlive its streamed result.
    private let statement: PreparedStatement
    private var finished = false

    init(result: duckdb_result, statement: PreparedStatement) {
        var result = result
        self.statement = statement
        self.columns = (0..<duckdb_column_count(&result)).map { index in
            var logical = duckdb_column_logical_type(&result, index)
            defer { duckdb_destroy_logical_type(&logical) }
            let name = duckdb_column_name(&result, index).map { String(cString: $0) } ?? "column\(index)"
            return Column(name: name, type: logical.map(DuckDBType.init(logical:)) ?? .other("unknown"))
        }
        self.result = result
    }

    deinit {
        duckdb_destroy_result(&result)
    }

    /// The next chunk of rows, or `nil` when the result is exhausted.
    /// - Throws: ``DuckDBError`` when the query fails while streaming (for
    ///   example a cast error in a later row), or when a column has a type this
    ///   wrapper cannot decode (cast it to VARCHAR in SQL).
    public func nextChunk() throws(DuckDBError) -> ResultChunk? {
        guard !finished else { return nil }
        if let column = columns.first(where: { !$0.type.isDecodable }) {
            finished = true
            throw DuckDBError(
                code: .unsupportedType,
                message: "column \"\(column.name)\" has type \(column.type), which cannot be read; CAST it to VARCHAR",
                sql: statement.sql)
        }
        guard let chunk = duckdb_fetch_chunk(result) else {
            finished = true
            if let error = duckdb_result_error(&result) {
                throw DuckDBError(code: .queryFailed, message: String(cString: error), sql: statement.sql)
            }
            return nil
        }
        return ResultChunk(chunk: chunk, columns: columns)
    }

    /// Reads every remaining row into memory. Meant for small results.
    public func rows() throws(DuckDBError) -> [[DuckDBValue]] {
        var rows: [[DuckDBValue]] = []
        while let chunk = try nextChunk() {
            for row in 0..<chunk.rowCount {
                rows.append((0..<chunk.columnCount).map { chunk[row: row, column: $0] })
            }
        }
        return rows
    }
}

/// Up to 2048 rows of a ``QueryResult``, decoded on access.
public final class ResultChunk {
    private var chunk: duckdb_data_chunk?
    private let columns: [QueryResult.Column]
    /// Rows in this chunk.
    public let rowCount: Int
    public var columnCount: Int { columns.count }

    init(chunk: duckdb_data_chunk, columns: [QueryResult.Column]) {
        self.chunk = chunk
        self.columns = columns
        self.rowCount = Int(duckdb_data_chunk_get_size(chunk))
    }

    deinit {
        duckdb_destroy_data_chunk(&chunk)
    }

    /// The value at `row` (0-based within this chunk) of `column`.
    public subscript(row row: Int, column column: Int) -> DuckDBValue {
        precondition(row >= 0 && row < rowCount, "row \(row) is outside this chunk's \(rowCount) rows")
        precondition(column >= 0 && column < columns.count, "column \(column) is outside the \(columns.count) columns")
        let vector = duckdb_data_chunk_get_vector(chunk, idx_t(column))!
        return VectorReader.value(in: vector, type: columns[column].type, row: row)
    }
}
