public import Foundation

/// One DuckDB value, as read from a result or bound to a statement.
///
/// Integers of every width read as ``integer(_:)`` (or the unsigned / 128-bit
/// cases when they do not fit an `Int64`); VARCHAR and JSON read as
/// ``varchar(_:)``; DECIMAL reads exactly as a ``DuckDBDecimal``; nested values
/// (LIST, ARRAY, STRUCT, MAP) read recursively, and ``jsonText`` renders any
/// value as JSON.
public indirect enum DuckDBValue: Sendable, Hashable {
    case null
    case boolean(Bool)
    /// TINYINT, SMALLINT, INTEGER, BIGINT, UTINYINT, USMALLINT, UINTEGER.
    case integer(Int64)
    case unsignedBigInt(UInt64)
    case hugeInt(Int128)
    case unsignedHugeInt(UInt128)
    /// FLOAT and DOUBLE.
    case double(Double)
    case decimal(DuckDBDecimal)
    /// VARCHAR, JSON and ENUM values.
    case varchar(String)
    case blob([UInt8])
    /// Days since 1970-01-01.
    case date(days: Int32)
    /// Microseconds since midnight.
    case time(microseconds: Int64)
    case timeWithTimeZone(microseconds: Int64, offsetSeconds: Int32)
    /// Microseconds since the epoch, no time zone (TIMESTAMP_S/MS/NS are read at microsecond precision).
    case timestamp(microseconds: Int64)
    /// Microseconds since the epoch, UTC.
    case timestampWithTimeZone(microseconds: Int64)
    case interval(months: Int32, days: Int32, microseconds: Int64)
    case uuid(UUID)
    /// LIST and ARRAY.
    case list([DuckDBValue])
    case structure([Field])
    case map([MapEntry])

    /// A named member of a STRUCT value.
    public struct Field: Sendable, Hashable {
        public var name: String
        public var value: DuckDBValue
        public init(name: String, value: DuckDBValue) {
            self.name = name
            self.value = value
        }
    }

    /// One key/value pair of a MAP value.
    public struct MapEntry: Sendable, Hashable {
        public var key: DuckDBValue
        public var value: DuckDBValue
        public init(key: DuckDBValue, value: DuckDBValue) {
            self.key = key
            self.value = value
        }
    }
}

extension DuckDBValue {
    public var isNull: Bool { self == .null }

    /// The value as `Int64` when it is an integer that fits.
    public var int64: Int64? {
        switch self {
        case .integer(let value): value
        case .unsignedBigInt(let value): Int64(exactly: value)
        case .hugeInt(let value): Int64(exactly: value)
        case .unsignedHugeInt(let value): Int64(exactly: value)
        default: nil
        }
    }

    public var double: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(value)
        case .decimal(let value): Double(value.description)
        default: nil
        }
    }

    public var string: String? {
        if case .varchar(let value) = self { return value }
        return nil
    }

    public var bool: Bool? {
        if case .boolean(let value) = self { return value }
        return nil
    }
}

extension DuckDBValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .boolean(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .varchar(value) }
}

extension DuckDBValue {
    /// Binds an optional: `nil` becomes SQL NULL.
    public init(_ value: DuckDBValue?) { self = value ?? .null }
    public init(_ value: Int) { self = .integer(Int64(value)) }
    public init(_ value: String?) { self = value.map(DuckDBValue.varchar) ?? .null }
    /// Binary data as a BLOB.
    public init(_ data: Data) { self = .blob(Array(data)) }
    /// An instant as TIMESTAMPTZ (microsecond precision, rounded toward negative infinity).
    public init(_ date: Date) {
        self = .timestampWithTimeZone(microseconds: Int64((date.timeIntervalSince1970 * 1_000_000).rounded(.down)))
    }
    /// A Foundation `Decimal` as an exact DECIMAL (up to 38 digits).
    public init(_ decimal: Decimal) throws(DuckDBError) {
        guard let exact = DuckDBDecimal(exactly: decimal) else {
            throw DuckDBError(code: .unsupportedType, message: "\(decimal) has more than 38 significant digits")
        }
        self = .decimal(exact)
    }

    /// A TIMESTAMP / TIMESTAMPTZ / DATE value as a Foundation `Date`.
    public var date: Date? {
        switch self {
        case .timestamp(let micros), .timestampWithTimeZone(let micros):
            Date(timeIntervalSince1970: Double(micros) / 1_000_000)
        case .date(let days):
            Date(timeIntervalSince1970: Double(days) * 86_400)
        default: nil
        }
    }
}
