internal import CDuckDB

/// The SQL type of a result or appender column, as DuckDB names it.
public indirect enum DuckDBType: Sendable, Hashable, CustomStringConvertible {
    case boolean
    case tinyint, smallint, integer, bigint, hugeint
    case utinyint, usmallint, uinteger, ubigint, uhugeint
    case float, double
    case decimal(width: UInt8, scale: UInt8)
    case varchar
    /// VARCHAR with DuckDB's `JSON` alias (the json extension's type).
    case json
    case blob
    case date, time, timeWithTimeZone
    case timestamp, timestampSeconds, timestampMilliseconds, timestampNanoseconds, timestampWithTimeZone
    case interval
    case uuid
    case enumeration([String])
    case list(DuckDBType)
    case array(DuckDBType, size: Int)
    case structure([Member])
    case map(key: DuckDBType, value: DuckDBType)
    /// A type this wrapper does not decode (UNION, BIT, BIGNUM, ...); reads as its text.
    case other(String)

    /// A named member of a STRUCT type.
    public struct Member: Sendable, Hashable {
        public var name: String
        public var type: DuckDBType
    }

    /// The type as DuckDB's SQL spells it, for example `DECIMAL(38,9)` or `STRUCT("a" BIGINT)`.
    public var description: String {
        switch self {
        case .boolean: "BOOLEAN"
        case .tinyint: "TINYINT"
        case .smallint: "SMALLINT"
        case .integer: "INTEGER"
        case .bigint: "BIGINT"
        case .hugeint: "HUGEINT"
        case .utinyint: "UTINYINT"
        case .usmallint: "USMALLINT"
        case .uinteger: "UINTEGER"
        case .ubigint: "UBIGINT"
        case .uhugeint: "UHUGEINT"
        case .float: "FLOAT"
        case .double: "DOUBLE"
        case .decimal(let width, let scale): "DECIMAL(\(width),\(scale))"
        case .varchar: "VARCHAR"
        case .json: "JSON"
        case .blob: "BLOB"
        case .date: "DATE"
        case .time: "TIME"
        case .timeWithTimeZone: "TIME WITH TIME ZONE"
        case .timestamp: "TIMESTAMP"
        case .timestampSeconds: "TIMESTAMP_S"
        case .timestampMilliseconds: "TIMESTAMP_MS"
        case .timestampNanoseconds: "TIMESTAMP_NS"
        case .timestampWithTimeZone: "TIMESTAMP WITH TIME ZONE"
        case .interval: "INTERVAL"
        case .uuid: "UUID"
        case .enumeration(let values): "ENUM(\(values.map { "'\($0)'" }.joined(separator: ", ")))"
        case .list(let child): "\(child)[]"
        case .array(let child, let size): "\(child)[\(size)]"
        case .structure(let members): "STRUCT(\(members.map { "\"\($0.name)\" \($0.type)" }.joined(separator: ", ")))"
        case .map(let key, let value): "MAP(\(key), \(value))"
        case .other(let name): name
        }
    }
}

extension DuckDBType {
    /// Reads a logical type; the caller still owns (and destroys) `logical`.
    init(logical: duckdb_logical_type) {
        let id = duckdb_get_type_id(logical)
        switch id {
        case DUCKDB_TYPE_BOOLEAN: self = .boolean
        case DUCKDB_TYPE_TINYINT: self = .tinyint
        case DUCKDB_TYPE_SMALLINT: self = .smallint
        case DUCKDB_TYPE_INTEGER: self = .integer
        case DUCKDB_TYPE_BIGINT: self = .bigint
        case DUCKDB_TYPE_HUGEINT: self = .hugeint
        case DUCKDB_TYPE_UTINYINT: self = .utinyint
        case DUCKDB_TYPE_USMALLINT: self = .usmallint
        case DUCKDB_TYPE_UINTEGER: self = .uinteger
        case DUCKDB_TYPE_UBIGINT: self = .ubigint
        case DUCKDB_TYPE_UHUGEINT: self = .uhugeint
        case DUCKDB_TYPE_FLOAT: self = .float
        case DUCKDB_TYPE_DOUBLE: self = .double
        case DUCKDB_TYPE_DECIMAL: self = .decimal(width: duckdb_decimal_width(logical), scale: duckdb_decimal_scale(logical))
        case DUCKDB_TYPE_VARCHAR:
            self = Self.alias(of: logical)?.uppercased() == "JSON" ? .json : .varchar
        case DUCKDB_TYPE_BLOB: self = .blob
        case DUCKDB_TYPE_DATE: self = .date
        case DUCKDB_TYPE_TIME: self = .time
        case DUCKDB_TYPE_TIME_TZ: self = .timeWithTimeZone
        case DUCKDB_TYPE_TIMESTAMP: self = .timestamp
        case DUCKDB_TYPE_TIMESTAMP_S: self = .timestampSeconds
        case DUCKDB_TYPE_TIMESTAMP_MS: self = .timestampMilliseconds
        case DUCKDB_TYPE_TIMESTAMP_NS: self = .timestampNanoseconds
        case DUCKDB_TYPE_TIMESTAMP_TZ: self = .timestampWithTimeZone
        case DUCKDB_TYPE_INTERVAL: self = .interval
        case DUCKDB_TYPE_UUID: self = .uuid
        case DUCKDB_TYPE_ENUM:
            let count = duckdb_enum_dictionary_size(logical)
            self = .enumeration((0..<count).map { Self.takeString(duckdb_enum_dictionary_value(logical, idx_t($0))) })
        case DUCKDB_TYPE_LIST:
            self = .list(Self.child(duckdb_list_type_child_type(logical)))
        case DUCKDB_TYPE_ARRAY:
            self = .array(Self.child(duckdb_array_type_child_type(logical)), size: Int(duckdb_array_type_array_size(logical)))
        case DUCKDB_TYPE_STRUCT:
            let count = duckdb_struct_type_child_count(logical)
            self = .structure(
                (0..<count).map { index in
                    Member(
                        name: Self.takeString(duckdb_struct_type_child_name(logical, index)),
                        type: Self.child(duckdb_struct_type_child_type(logical, index)))
                })
        case DUCKDB_TYPE_MAP:
            self = .map(key: Self.child(duckdb_map_type_key_type(logical)), value: Self.child(duckdb_map_type_value_type(logical)))
        default:
            self = .other(Self.alias(of: logical) ?? "DuckDB type \(id.rawValue)")
        }
    }

    /// Reads and destroys a child logical type.
    private static func child(_ logical: duckdb_logical_type?) -> DuckDBType {
        guard let logical else { return .other("unknown") }
        var owned: duckdb_logical_type? = logical
        defer { duckdb_destroy_logical_type(&owned) }
        return DuckDBType(logical: logical)
    }

    private static func alias(of logical: duckdb_logical_type) -> String? {
        guard let alias = duckdb_logical_type_get_alias(logical) else { return nil }
        return takeString(alias)
    }

    /// Copies and frees a string DuckDB allocated for us.
    private static func takeString(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { duckdb_free(pointer) }
        return String(cString: pointer)
    }
}
