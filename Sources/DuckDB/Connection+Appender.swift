internal import CDuckDB

extension Connection {
    /// An appender into `table` (in `schema`, or the default schema).
    /// - Parameters:
    ///   - table: The table to fill.
    ///   - schema: Its schema; `nil` for the default one.
    ///   - columns: The columns to fill, in the order rows give them; the
    ///     others get their defaults. `nil` means every column, in table order.
    public func appender(table: String, schema: String? = nil, columns: [String]? = nil) throws(DuckDBError) -> Appender {
        let target = [schema, table].compactMap { $0 }.joined(separator: ".")
        var handle: duckdb_appender?
        guard duckdb_appender_create_ext(self.handle, nil, schema, table, &handle) == DuckDBSuccess, let created = handle else {
            let message = handle.flatMap { duckdb_appender_error($0) }.map { String(cString: $0) } ?? "unknown error"
            duckdb_appender_destroy(&handle)
            throw DuckDBError(code: .appenderFailed, message: "cannot append to \(target): \(message)")
        }
        for column in columns ?? [] where duckdb_appender_add_column(created, column) != DuckDBSuccess {
            let message = duckdb_appender_error(created).map { String(cString: $0) } ?? "unknown column"
            duckdb_appender_destroy(&handle)
            throw DuckDBError(code: .appenderFailed, message: "cannot append column \"\(column)\" of \(target): \(message)")
        }
        return try Appender(connection: self, handle: created, target: target)
    }

    /// An appender whose rows feed `query` (an INSERT, DELETE, UPDATE or MERGE INTO)
    /// as the table `relation` with the given columns, for example
    /// `MERGE INTO users USING staged ON ...` with `relation: "staged"`.
    /// Each flush runs the query once over the rows appended since the last one.
    public func appender(
        query: String, relation: String = "appended_data",
        columns: [(name: String, type: DuckDBType)]
    ) throws(DuckDBError) -> Appender {
        var types: [duckdb_logical_type?] = []
        defer { for index in types.indices { duckdb_destroy_logical_type(&types[index]) } }
        for column in columns {
            guard let logical = column.type.makeLogicalType() else {
                throw DuckDBError(
                    code: .unsupportedType, message: "column \"\(column.name)\" of type \(column.type) cannot be appended", sql: query)
            }
            types.append(logical)
        }
        let names: [UnsafeMutablePointer<CChar>] = columns.map { column in
            let bytes = column.name.utf8CString
            let copy = UnsafeMutablePointer<CChar>.allocate(capacity: bytes.count)
            bytes.withUnsafeBufferPointer { copy.initialize(from: $0.baseAddress!, count: bytes.count) }
            return copy
        }
        defer { for name in names { name.deallocate() } }
        var namePointers: [UnsafePointer<CChar>?] = names.map { UnsafePointer($0) }
        var handle: duckdb_appender?
        let state = duckdb_appender_create_query(self.handle, query, idx_t(columns.count), &types, relation, &namePointers, &handle)
        guard state == DuckDBSuccess, let created = handle else {
            let message = handle.flatMap { duckdb_appender_error($0) }.map { String(cString: $0) } ?? "unknown error"
            duckdb_appender_destroy(&handle)
            throw DuckDBError(code: .appenderFailed, message: message, sql: query)
        }
        return try Appender(connection: self, handle: created, target: "the query over \(relation)")
    }
}

extension DuckDBType {
    /// A new logical type for the appendable scalar types (caller destroys it).
    func makeLogicalType() -> duckdb_logical_type? {
        let id: duckdb_type
        switch self {
        case .boolean: id = DUCKDB_TYPE_BOOLEAN
        case .tinyint: id = DUCKDB_TYPE_TINYINT
        case .smallint: id = DUCKDB_TYPE_SMALLINT
        case .integer: id = DUCKDB_TYPE_INTEGER
        case .bigint: id = DUCKDB_TYPE_BIGINT
        case .hugeint: id = DUCKDB_TYPE_HUGEINT
        case .utinyint: id = DUCKDB_TYPE_UTINYINT
        case .usmallint: id = DUCKDB_TYPE_USMALLINT
        case .uinteger: id = DUCKDB_TYPE_UINTEGER
        case .ubigint: id = DUCKDB_TYPE_UBIGINT
        case .uhugeint: id = DUCKDB_TYPE_UHUGEINT
        case .float: id = DUCKDB_TYPE_FLOAT
        case .double: id = DUCKDB_TYPE_DOUBLE
        case .decimal(let width, let scale): return duckdb_create_decimal_type(width, scale)
        case .varchar, .json: id = DUCKDB_TYPE_VARCHAR
        case .blob: id = DUCKDB_TYPE_BLOB
        case .date: id = DUCKDB_TYPE_DATE
        case .time: id = DUCKDB_TYPE_TIME
        case .timeWithTimeZone: id = DUCKDB_TYPE_TIME_TZ
        case .timestamp: id = DUCKDB_TYPE_TIMESTAMP
        case .timestampWithTimeZone: id = DUCKDB_TYPE_TIMESTAMP_TZ
        case .interval: id = DUCKDB_TYPE_INTERVAL
        case .uuid: id = DUCKDB_TYPE_UUID
        default: return nil
        }
        return duckdb_create_logical_type(id)
    }
}
