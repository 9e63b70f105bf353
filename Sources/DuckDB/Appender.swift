internal import CDuckDB
public import Foundation

/// Bulk-loads rows into a table (or into a query, for merges) through DuckDB's
/// appender, filling one data chunk of 2048 rows at a time and handing whole
/// chunks to `duckdb_append_data_chunk`.
///
/// ```swift
/// let appender = try connection.appender(table: "users", columns: ["id", "name"])
/// for user in users {
///     appender.appendRow { row in
///         row.setInt64(user.id, at: 0)
///         row.setVarchar(user.name, at: 1)
///     }
/// }
/// try appender.close()   // flushes; throws DuckDB's message (e.g. a constraint violation)
/// ```
///
/// Rows reach the table only when flushed (explicitly, when DuckDB's buffer fills,
/// or at ``close()``). An appender dropped without ``close()`` **discards** its
/// unflushed rows rather than flushing them in `deinit`, where an error could
/// not be reported. Wrap loads in ``Connection/withTransaction(_:)`` to make
/// them all-or-nothing. Not `Sendable`, like its connection.
public final class Appender {
    /// The SQL types of the columns being appended, in order.
    public let columnTypes: [DuckDBType]
    /// Rows handed to the appender so far (flushed or not).
    public private(set) var rowCount = 0
    /// What the appender writes into, for error messages.
    public let target: String

    private let connection: Connection
    private var handle: duckdb_appender?
    private var chunk: duckdb_data_chunk?
    private var vectors: [duckdb_vector] = []
    private var validity: [UnsafeMutablePointer<UInt64>] = []
    private var data: [UnsafeMutableRawPointer] = []
    private var rowsInChunk = 0
    private let capacity = Int(duckdb_vector_size())

    init(connection: Connection, handle: duckdb_appender, target: String) throws(DuckDBError) {
        self.connection = connection
        self.handle = handle
        self.target = target
        let count = duckdb_appender_column_count(handle)
        var logicalTypes: [duckdb_logical_type?] = (0..<count).map { duckdb_appender_column_type(handle, $0) }
        defer { for index in logicalTypes.indices { duckdb_destroy_logical_type(&logicalTypes[index]) } }
        self.columnTypes = logicalTypes.map { $0.map(DuckDBType.init(logical:)) ?? .other("unknown") }
        if let unsupported = columnTypes.firstIndex(where: { !$0.isAppendable }) {
            var handle: duckdb_appender? = handle
            duckdb_appender_destroy(&handle)
            self.handle = nil
            throw DuckDBError(
                code: .unsupportedType,
                message:
                    "column \(unsupported + 1) of \(target) has type \(columnTypes[unsupported]), which the appender cannot write; append its JSON text to a VARCHAR column and cast in SQL"
            )
        }
        chunk = logicalTypes.withUnsafeMutableBufferPointer { types in
            types.withMemoryRebound(to: duckdb_logical_type?.self) { duckdb_create_data_chunk($0.baseAddress, count) }
        }
        vectors = (0..<count).map { duckdb_data_chunk_get_vector(chunk, $0)! }
        preparePointers()
    }

    deinit {
        if handle != nil {
            // Not closed: discard what was never flushed (see the type's documentation).
            duckdb_appender_clear(handle)
            duckdb_appender_destroy(&handle)
        }
        duckdb_destroy_data_chunk(&chunk)
    }

    /// Appends one row. Every column starts as NULL; `body` sets the non-null ones.
    public func appendRow(_ body: (inout Row) throws -> Void) throws(DuckDBError) {
        guard handle != nil else {
            throw DuckDBError(code: .appenderFailed, message: "the appender for \(target) is closed")
        }
        var row = Row(appender: self, index: rowsInChunk)
        for column in 0..<vectors.count { duckdb_validity_set_row_invalid(validity[column], idx_t(rowsInChunk)) }
        do {
            try body(&row)
        } catch let error as DuckDBError {
            throw error
        } catch {
            throw DuckDBError(code: .appenderFailed, message: "building a row for \(target) failed: \(error)")
        }
        rowsInChunk += 1
        rowCount += 1
        if rowsInChunk == capacity { try appendChunk() }
    }

    /// Writes every row appended so far into the table.
    /// - Throws: DuckDB's error, for example a NOT NULL or primary key violation.
    public func flush() throws(DuckDBError) {
        try appendChunk()
        guard duckdb_appender_flush(handle) == DuckDBSuccess else { throw currentError() }
    }

    /// Flushes and closes; the appender cannot be used afterwards.
    public func close() throws(DuckDBError) {
        guard handle != nil else { return }
        defer { duckdb_appender_destroy(&handle) }
        try appendChunk()
        guard duckdb_appender_close(handle) == DuckDBSuccess else { throw currentError() }
    }

    private func appendChunk() throws(DuckDBError) {
        guard rowsInChunk > 0 else { return }
        duckdb_data_chunk_set_size(chunk, idx_t(rowsInChunk))
        let state = duckdb_append_data_chunk(handle, chunk)
        duckdb_data_chunk_reset(chunk)
        rowsInChunk = 0
        preparePointers()
        guard state == DuckDBSuccess else { throw currentError() }
    }

    /// Data and validity pointers change when a chunk is reset.
    private func preparePointers() {
        validity = vectors.map { vector in
            duckdb_vector_ensure_validity_writable(vector)
            return duckdb_vector_get_validity(vector)!
        }
        data = vectors.map { duckdb_vector_get_data($0)! }
    }

    private func currentError() -> DuckDBError {
        var error = duckdb_appender_error_data(handle)
        defer { duckdb_destroy_error_data(&error) }
        let message = duckdb_error_data_message(error).map { String(cString: $0) } ?? "unknown appender error"
        let kind = duckdb_error_data_error_type(error)
        return DuckDBError(
            code: .appenderFailed, message: message,
            kind: kind.rawValue == 0 ? nil : DuckDBError.Kind(rawValue: Int(kind.rawValue)), sql: nil)
    }

    /// One row being appended. Setters take 0-based column positions; a setter
    /// of the wrong type for its column stops the program (it would corrupt
    /// memory), so match ``Appender/columnTypes``, or use ``set(_:at:)``, which
    /// converts and throws.
    public struct Row: ~Copyable {
        private let appender: Appender
        private let index: Int

        fileprivate init(appender: Appender, index: Int) {
            self.appender = appender
            self.index = index
        }

        private func slot<T>(_ column: Int, _: T.Type, _ allowed: (DuckDBType) -> Bool) -> UnsafeMutablePointer<T> {
            precondition(allowed(appender.columnTypes[column]), "column \(column) is \(appender.columnTypes[column]), not \(T.self)")
            duckdb_validity_set_row_valid(appender.validity[column], idx_t(index))
            return appender.data[column].assumingMemoryBound(to: T.self).advanced(by: index)
        }

        public func setNull(at column: Int) {
            duckdb_validity_set_row_invalid(appender.validity[column], idx_t(index))
        }

        public func setBool(_ value: Bool, at column: Int) {
            slot(column, UInt8.self) { $0 == .boolean }.pointee = value ? 1 : 0
        }

        /// A BIGINT value.
        public func setInt64(_ value: Int64, at column: Int) {
            slot(column, Int64.self) { $0 == .bigint }.pointee = value
        }

        /// A DOUBLE value.
        public func setDouble(_ value: Double, at column: Int) {
            slot(column, Double.self) { $0 == .double }.pointee = value
        }

        /// A TIMESTAMP or TIMESTAMPTZ value, in microseconds since the epoch.
        public func setTimestamp(microseconds: Int64, at column: Int) {
            slot(column, Int64.self) { $0 == .timestamp || $0 == .timestampWithTimeZone }.pointee = microseconds
        }

        /// A UUID value.
        public func setUUID(_ value: UUID, at column: Int) {
            slot(column, duckdb_hugeint.self) { $0 == .uuid }.pointee = value.vectorStorage
        }

        /// A VARCHAR, JSON or BLOB value from raw bytes (copied; any bytes, NUL included).
        public func setBytes(_ bytes: UnsafeRawBufferPointer, at column: Int) {
            let type = appender.columnTypes[column]
            precondition(type == .varchar || type == .json || type == .blob, "column \(column) is \(type), not a string")
            duckdb_validity_set_row_valid(appender.validity[column], idx_t(index))
            if let start = bytes.baseAddress, bytes.count > 0 {
                duckdb_vector_assign_string_element_len(
                    appender.vectors[column], idx_t(index),
                    start.assumingMemoryBound(to: CChar.self), idx_t(bytes.count))
            } else {
                var empty: CChar = 0
                duckdb_vector_assign_string_element_len(appender.vectors[column], idx_t(index), &empty, 0)
            }
        }

        /// A VARCHAR or JSON value.
        public func setVarchar(_ value: String, at column: Int) {
            var value = value
            value.withUTF8 { setBytes(UnsafeRawBufferPointer($0), at: column) }
        }

        /// Any value, converted to the column's type where that is exact.
        /// - Throws: when the value does not fit the column's type.
        public func set(_ value: DuckDBValue, at column: Int) throws(DuckDBError) {
            let type = appender.columnTypes[column]
            func mismatch() -> DuckDBError {
                DuckDBError(
                    code: .appenderFailed,
                    message: "a \(value.kindName) value does not fit column \(column) (\(type)) of \(appender.target)")
            }
            func store<T>(_ stored: T) { slot(column, T.self) { _ in true }.pointee = stored }
            func storeInteger<T: FixedWidthInteger>(_: T.Type) throws(DuckDBError) {
                let converted: T? =
                    switch value {
                    case .integer(let integer): T(exactly: integer)
                    case .unsignedBigInt(let integer): T(exactly: integer)
                    case .hugeInt(let integer): T(exactly: integer)
                    case .unsignedHugeInt(let integer): T(exactly: integer)
                    default: nil
                    }
                guard let converted else { throw mismatch() }
                store(converted)
            }
            switch (type, value) {
            case (_, .null): setNull(at: column)
            case (.boolean, .boolean(let bool)): setBool(bool, at: column)
            case (.tinyint, _): try storeInteger(Int8.self)
            case (.smallint, _): try storeInteger(Int16.self)
            case (.integer, _): try storeInteger(Int32.self)
            case (.bigint, _): try storeInteger(Int64.self)
            case (.utinyint, _): try storeInteger(UInt8.self)
            case (.usmallint, _): try storeInteger(UInt16.self)
            case (.uinteger, _): try storeInteger(UInt32.self)
            case (.ubigint, _): try storeInteger(UInt64.self)
            case (.hugeint, _):
                guard let integer = value.int128 else { throw mismatch() }
                store(duckdb_hugeint(integer))
            case (.uhugeint, _):
                guard let integer = value.int128, let unsigned = UInt128(exactly: integer) else {
                    if case .unsignedHugeInt(let unsigned) = value {
                        store(duckdb_uhugeint(unsigned))
                        return
                    }
                    throw mismatch()
                }
                store(duckdb_uhugeint(unsigned))
            case (.float, .double(let double)): store(Float(double))
            case (.double, .double(let double)): store(double)
            case (.float, _), (.double, _):
                guard let integer = value.int64 else { throw mismatch() }
                if type == .float { store(Float(integer)) } else { store(Double(integer)) }
            case (.decimal(let width, let scale), _):
                guard let unscaled = value.unscaledDecimal(width: width, scale: scale) else { throw mismatch() }
                switch width {
                case ...4: store(Int16(unscaled))
                case ...9: store(Int32(unscaled))
                case ...18: store(Int64(unscaled))
                default: store(duckdb_hugeint(unscaled))
                }
            case (.varchar, .varchar(let text)), (.json, .varchar(let text)): setVarchar(text, at: column)
            case (.blob, .blob(let bytes)): bytes.withUnsafeBytes { setBytes($0, at: column) }
            case (.blob, .varchar(let text)): setVarchar(text, at: column)
            case (.date, .date(let days)): store(days)
            case (.time, .time(let micros)): store(micros)
            case (.timeWithTimeZone, .timeWithTimeZone(let micros, let offset)): store(duckdb_create_time_tz(micros, offset).bits)
            case (.timestamp, .timestamp(let micros)), (.timestampWithTimeZone, .timestampWithTimeZone(let micros)),
                (.timestamp, .timestampWithTimeZone(let micros)), (.timestampWithTimeZone, .timestamp(let micros)):
                store(micros)
            case (.interval, .interval(let months, let days, let micros)):
                store(duckdb_interval(months: months, days: days, micros: micros))
            case (.uuid, .uuid(let uuid)): setUUID(uuid, at: column)
            default: throw mismatch()
            }
        }
    }
}

extension DuckDBType {
    /// Whether ``Appender/Row`` can write values of this type.
    var isAppendable: Bool {
        switch self {
        case .list, .array, .structure, .map, .enumeration, .other, .timestampSeconds, .timestampMilliseconds, .timestampNanoseconds: false
        default: true
        }
    }
}

extension DuckDBValue {
    fileprivate var int128: Int128? {
        switch self {
        case .integer(let value): Int128(value)
        case .unsignedBigInt(let value): Int128(value)
        case .hugeInt(let value): value
        case .unsignedHugeInt(let value): Int128(exactly: value)
        default: nil
        }
    }

    /// The value as an unscaled integer at `scale`, when exact and within `width` digits.
    fileprivate func unscaledDecimal(width: UInt8, scale: UInt8) -> Int128? {
        switch self {
        case .decimal(let decimal):
            DuckDBDecimal(string: decimal.description, width: width, scale: scale)?.value
        case .integer, .unsignedBigInt, .hugeInt, .unsignedHugeInt:
            int128.flatMap { DuckDBDecimal(string: String($0), width: width, scale: scale)?.value }
        default: nil
        }
    }
}
