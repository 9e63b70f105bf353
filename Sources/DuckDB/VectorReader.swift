internal import CDuckDB
import Foundation

/// Decodes single values out of DuckDB vectors, recursively for nested types.
enum VectorReader {
    static func value(in vector: duckdb_vector, type: DuckDBType, row: Int) -> DuckDBValue {
        if let validity = duckdb_vector_get_validity(vector), !duckdb_validity_row_is_valid(validity, idx_t(row)) {
            return .null
        }
        let data = duckdb_vector_get_data(vector)
        func load<T>(_: T.Type) -> T { data!.assumingMemoryBound(to: T.self)[row] }

        switch type {
        case .boolean: return .boolean(load(UInt8.self) != 0)
        case .tinyint: return .integer(Int64(load(Int8.self)))
        case .smallint: return .integer(Int64(load(Int16.self)))
        case .integer: return .integer(Int64(load(Int32.self)))
        case .bigint: return .integer(load(Int64.self))
        case .utinyint: return .integer(Int64(load(UInt8.self)))
        case .usmallint: return .integer(Int64(load(UInt16.self)))
        case .uinteger: return .integer(Int64(load(UInt32.self)))
        case .ubigint: return .unsignedBigInt(load(UInt64.self))
        case .hugeint: return .hugeInt(load(duckdb_hugeint.self).int128)
        case .uhugeint: return .unsignedHugeInt(load(duckdb_uhugeint.self).uint128)
        case .float: return .double(Double(load(Float.self)))
        case .double: return .double(load(Double.self))
        case .decimal(let width, let scale):
            let unscaled: Int128 =
                switch width {
                case ...4: Int128(load(Int16.self))
                case ...9: Int128(load(Int32.self))
                case ...18: Int128(load(Int64.self))
                default: load(duckdb_hugeint.self).int128
                }
            return .decimal(DuckDBDecimal(value: unscaled, width: width, scale: scale))
        case .varchar, .json:
            return .varchar(withBytes(of: data!, row: row) { String(decoding: $0, as: UTF8.self) })
        case .blob:
            return .blob(withBytes(of: data!, row: row) { Array($0) })
        case .date: return .date(days: load(Int32.self))
        case .time: return .time(microseconds: load(Int64.self))
        case .timeWithTimeZone:
            let parts = duckdb_from_time_tz(duckdb_time_tz(bits: load(UInt64.self)))
            let time = parts.time
            let micros = ((Int64(time.hour) * 60 + Int64(time.min)) * 60 + Int64(time.sec)) * 1_000_000 + Int64(time.micros)
            return .timeWithTimeZone(microseconds: micros, offsetSeconds: parts.offset)
        case .timestamp: return .timestamp(microseconds: load(Int64.self))
        case .timestampSeconds: return .timestamp(microseconds: load(Int64.self) * 1_000_000)
        case .timestampMilliseconds: return .timestamp(microseconds: load(Int64.self) * 1_000)
        case .timestampNanoseconds:
            let nanos = load(Int64.self)
            return .timestamp(microseconds: nanos >= 0 ? nanos / 1_000 : (nanos - 999) / 1_000)
        case .timestampWithTimeZone: return .timestampWithTimeZone(microseconds: load(Int64.self))
        case .interval:
            let interval = load(duckdb_interval.self)
            return .interval(months: interval.months, days: interval.days, microseconds: interval.micros)
        case .uuid: return .uuid(UUID(vectorStorage: load(duckdb_hugeint.self)))
        case .enumeration(let values):
            let index: Int =
                switch values.count {
                case ...255: Int(load(UInt8.self))
                case ...65_535: Int(load(UInt16.self))
                default: Int(load(UInt32.self))
                }
            return .varchar(values[index])
        case .list(let child):
            let entry = load(duckdb_list_entry.self)
            let childVector = duckdb_list_vector_get_child(vector)!
            return .list((Int(entry.offset)..<Int(entry.offset + entry.length)).map { value(in: childVector, type: child, row: $0) })
        case .array(let child, let size):
            let childVector = duckdb_array_vector_get_child(vector)!
            return .list((row * size..<(row + 1) * size).map { value(in: childVector, type: child, row: $0) })
        case .structure(let members):
            return .structure(
                members.enumerated().map { index, member in
                    let childVector = duckdb_struct_vector_get_child(vector, idx_t(index))!
                    return DuckDBValue.Field(name: member.name, value: value(in: childVector, type: member.type, row: row))
                })
        case .map(let keyType, let valueType):
            let entry = load(duckdb_list_entry.self)
            let pairs = duckdb_list_vector_get_child(vector)!
            let keys = duckdb_struct_vector_get_child(pairs, 0)!
            let values = duckdb_struct_vector_get_child(pairs, 1)!
            return .map(
                (Int(entry.offset)..<Int(entry.offset + entry.length)).map {
                    DuckDBValue.MapEntry(key: value(in: keys, type: keyType, row: $0), value: value(in: values, type: valueType, row: $0))
                })
        case .other:
            preconditionFailure("QueryResult refuses columns of undecodable types before reading them")
        }
    }

    /// Calls `body` with the bytes of the VARCHAR/BLOB at `row` (valid only during the call).
    private static func withBytes<R>(of data: UnsafeMutableRawPointer, row: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        let string = data.assumingMemoryBound(to: duckdb_string_t.self).advanced(by: row)
        let length = Int(duckdb_string_t_length(string.pointee))
        let bytes = duckdb_string_t_data(string)
        return body(UnsafeRawBufferPointer(start: bytes, count: length))
    }
}

extension DuckDBType {
    /// Whether ``VectorReader`` can decode values of this type.
    var isDecodable: Bool {
        switch self {
        case .other: false
        case .list(let child), .array(let child, _): child.isDecodable
        case .structure(let members): members.allSatisfy(\.type.isDecodable)
        case .map(let key, let value): key.isDecodable && value.isDecodable
        default: true
        }
    }
}
