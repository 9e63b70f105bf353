internal import CDuckDB
import Foundation

/// One compiled statement, run many times with different parameters.
///
/// ```swift
/// let insert = try connection.prepare("INSERT INTO users VALUES (?, ?)")
/// try insert.execute(1, "ada")
/// try insert.execute(2, nil)
/// ```
///
/// Keeps its ``Connection`` alive; not `Sendable`, like the connection.
public final class PreparedStatement {
    public let connection: Connection
    /// The statement's SQL.
    public let sql: String
    private var handle: duckdb_prepared_statement?

    init(connection: Connection, sql: String) throws(DuckDBError) {
        self.connection = connection
        self.sql = sql
        guard duckdb_prepare(connection.handle, sql, &handle) == DuckDBSuccess else {
            let message = duckdb_prepare_error(handle).map { String(cString: $0) } ?? "unknown error"
            duckdb_destroy_prepare(&handle)
            throw DuckDBError(code: .prepareFailed, message: message, sql: sql)
        }
    }

    deinit {
        duckdb_destroy_prepare(&handle)
    }

    /// How many parameters the statement takes.
    public var parameterCount: Int { Int(duckdb_nparams(handle)) }

    /// Binds `values` to parameters 1, 2, ... (replacing earlier bindings).
    public func bind(_ values: [DuckDBValue]) throws(DuckDBError) {
        guard values.count == parameterCount else {
            throw DuckDBError(code: .bindFailed, message: "the statement takes \(parameterCount) parameters, got \(values.count)", sql: sql)
        }
        duckdb_clear_bindings(handle)
        for (offset, value) in values.enumerated() {
            try bind(value, at: offset + 1)
        }
    }

    /// Runs the statement with these parameters and discards any rows.
    /// - Returns: the rows it changed.
    @discardableResult
    public func execute(_ parameters: DuckDBValue...) throws(DuckDBError) -> Int {
        try bind(parameters)
        var result = duckdb_result()
        defer { duckdb_destroy_result(&result) }
        guard duckdb_execute_prepared(handle, &result) == DuckDBSuccess else {
            throw DuckDBError(code: .queryFailed, result: &result, sql: sql)
        }
        return Int(duckdb_rows_changed(&result))
    }

    /// Runs the statement with its current bindings and streams the rows.
    public func query() throws(DuckDBError) -> QueryResult {
        var result = duckdb_result()
        // The streaming variant is marked deprecated in 1.x but is still the C API's
        // only way to stream rows instead of materializing the whole result.
        guard duckdb_execute_prepared_streaming(handle, &result) == DuckDBSuccess else {
            defer { duckdb_destroy_result(&result) }
            throw DuckDBError(code: .queryFailed, result: &result, sql: sql)
        }
        return QueryResult(result: result, statement: self)
    }

    /// Runs the statement with its current bindings and holds the whole result,
    /// so the query (and its transaction, outside an explicit one) is over when
    /// this returns, however little of it the caller reads. For small results.
    func materializedQuery() throws(DuckDBError) -> QueryResult {
        var result = duckdb_result()
        guard duckdb_execute_prepared(handle, &result) == DuckDBSuccess else {
            defer { duckdb_destroy_result(&result) }
            throw DuckDBError(code: .queryFailed, result: &result, sql: sql)
        }
        return QueryResult(result: result, statement: self)
    }

    private func bind(_ value: DuckDBValue, at index: Int) throws(DuckDBError) {
        let position = idx_t(index)
        let state: duckdb_state
        switch value {
        case .null: state = duckdb_bind_null(handle, position)
        case .boolean(let value): state = duckdb_bind_boolean(handle, position, value)
        case .integer(let value): state = duckdb_bind_int64(handle, position, value)
        case .unsignedBigInt(let value): state = duckdb_bind_uint64(handle, position, value)
        case .hugeInt(let value): state = duckdb_bind_hugeint(handle, position, duckdb_hugeint(value))
        case .unsignedHugeInt(let value): state = duckdb_bind_uhugeint(handle, position, duckdb_uhugeint(value))
        case .double(let value): state = duckdb_bind_double(handle, position, value)
        case .decimal(let value):
            state = duckdb_bind_decimal(
                handle, position, duckdb_decimal(width: value.width, scale: value.scale, value: duckdb_hugeint(value.value)))
        case .varchar(let text):
            // utf8CString is never empty (it ends in NUL), so the pointer is never nil;
            // the explicit length keeps NUL bytes inside the text.
            state = text.utf8CString.withUnsafeBufferPointer {
                duckdb_bind_varchar_length(handle, position, $0.baseAddress!, idx_t($0.count - 1))
            }
        case .blob(let bytes):
            state = bytes.withUnsafeBytes {
                duckdb_bind_blob(handle, position, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, idx_t($0.count))
            }
        case .date(let days): state = duckdb_bind_date(handle, position, duckdb_date(days: days))
        case .time(let micros): state = duckdb_bind_time(handle, position, duckdb_time(micros: micros))
        case .timestamp(let micros): state = duckdb_bind_timestamp(handle, position, duckdb_timestamp(micros: micros))
        case .timestampWithTimeZone(let micros): state = duckdb_bind_timestamp_tz(handle, position, duckdb_timestamp(micros: micros))
        case .interval(let months, let days, let micros):
            state = duckdb_bind_interval(handle, position, duckdb_interval(months: months, days: days, micros: micros))
        case .timeWithTimeZone(let micros, let offset):
            state = bindValue(duckdb_create_time_tz_value(duckdb_create_time_tz(micros, offset)), at: position)
        case .uuid(let uuid):
            state = bindValue(duckdb_create_uuid(duckdb_uhugeint(UInt128(uuid: uuid))), at: position)
        case .list, .structure, .map:
            throw DuckDBError(
                code: .bindFailed, message: "nested values cannot be bound; bind their JSON text and cast it in SQL (parameter \(index))",
                sql: sql)
        }
        guard state == DuckDBSuccess else {
            throw DuckDBError(code: .bindFailed, message: "DuckDB could not bind parameter \(index) (\(value.kindName))", sql: sql)
        }
    }

    private func bindValue(_ value: duckdb_value?, at position: idx_t) -> duckdb_state {
        var value = value
        defer { duckdb_destroy_value(&value) }
        return duckdb_bind_value(handle, position, value)
    }
}

extension DuckDBValue {
    /// The case name, for messages that must not show the value itself.
    var kindName: String {
        switch self {
        case .null: "NULL"
        case .boolean: "BOOLEAN"
        case .integer: "BIGINT"
        case .unsignedBigInt: "UBIGINT"
        case .hugeInt: "HUGEINT"
        case .unsignedHugeInt: "UHUGEINT"
        case .double: "DOUBLE"
        case .decimal(let value): "DECIMAL(\(value.width),\(value.scale))"
        case .varchar: "VARCHAR"
        case .blob: "BLOB"
        case .date: "DATE"
        case .time: "TIME"
        case .timeWithTimeZone: "TIMETZ"
        case .timestamp: "TIMESTAMP"
        case .timestampWithTimeZone: "TIMESTAMPTZ"
        case .interval: "INTERVAL"
        case .uuid: "UUID"
        case .list: "LIST"
        case .structure: "STRUCT"
        case .map: "MAP"
        }
    }
}
