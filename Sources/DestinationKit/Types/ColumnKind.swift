/// How a destination stores a column: one case per distinct storage need,
/// named for the data rather than for any database's types.
///
/// A SQL destination maps each kind to one column type. For DuckDB (and,
/// with `JSONB`, Postgres), as the design fixes it:
///
/// | kind | DuckDB |
/// |---|---|
/// | ``string`` | `VARCHAR` |
/// | ``integer`` | `BIGINT` (wider values are nulled and recorded in `_airbyte_meta`) |
/// | ``number`` | `DECIMAL(38,9)` (what does not fit is nulled or truncated, and recorded) |
/// | ``boolean`` | `BOOLEAN` |
/// | ``date`` | `DATE` |
/// | ``timestampWithTimezone`` | `TIMESTAMPTZ` |
/// | ``timestampWithoutTimezone`` | `TIMESTAMP` |
/// | ``timeWithTimezone`` | `TIMETZ` |
/// | ``timeWithoutTimezone`` | `TIME` |
/// | ``json`` | `JSON` |
public enum ColumnKind: String, Sendable, Hashable, CaseIterable {
    case string
    case integer
    case number
    case boolean
    case date
    case timestampWithTimezone
    case timestampWithoutTimezone
    case timeWithTimezone
    case timeWithoutTimezone
    /// Objects, arrays, unknown types and unions that need them: the value as JSON.
    case json
}

extension AirbyteType {
    /// How a column of this type is stored.
    ///
    /// Objects, arrays and unknown types are ``ColumnKind/json``. A union is
    /// stored as the ``commonSupertype(of:)`` of its options, which resolves
    /// unions the way Airbyte's typing and deduping does wherever that keeps
    /// every value, and differently where it would not:
    ///
    /// | union | Airbyte (`chooseType`) | here |
    /// |---|---|---|
    /// | any option an object or array | JSON | JSON |
    /// | `string` with any scalar | string | string |
    /// | `integer` + `number` | number | number |
    /// | `date` + `timestamp_*` | date (timestamps fail to cast) | timestamp |
    /// | `boolean` + `integer` or `number` | integer/number (booleans nulled) | string |
    /// | `date` + `time_*` | date (times nulled) | string |
    public var columnKind: ColumnKind {
        switch self {
        case .string: .string
        case .boolean: .boolean
        case .integer: .integer
        case .number: .number
        case .date: .date
        case .timestampWithTimezone: .timestampWithTimezone
        case .timestampWithoutTimezone: .timestampWithoutTimezone
        case .timeWithTimezone: .timeWithTimezone
        case .timeWithoutTimezone: .timeWithoutTimezone
        case .object, .objectWithoutSchema, .objectWithEmptySchema, .array, .arrayWithoutSchema, .unknown: .json
        case .union(let options): AirbyteType.commonSupertype(of: options).columnKind
        }
    }
}
