import DestinationKit

extension ColumnKind {
    /// The DuckDB column type for this kind (see `../shared/design.md`).
    var duckDBType: String {
        switch self {
        case .string: "VARCHAR"
        case .integer: "BIGINT"
        case .number: "DECIMAL(38,9)"
        case .boolean: "BOOLEAN"
        case .date: "DATE"
        case .timestampWithTimezone: "TIMESTAMPTZ"
        case .timestampWithoutTimezone: "TIMESTAMP"
        case .timeWithTimezone: "TIMETZ"
        case .timeWithoutTimezone: "TIME"
        case .json: "JSON"
        }
    }

    /// The type of an integer column widened for values beyond BIGINT.
    static let wideIntegerType = "DECIMAL(38,0)"

    /// The kind a column of DuckDB type `type` (as `duckdb_columns()` spells it) holds,
    /// or nil for types this destination never creates.
    init?(duckDBTypeName type: String) {
        switch type.uppercased() {
        case "VARCHAR": self = .string
        case "BIGINT", Self.wideIntegerType: self = .integer
        case "DECIMAL(38,9)": self = .number
        case "BOOLEAN": self = .boolean
        case "DATE": self = .date
        case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ": self = .timestampWithTimezone
        case "TIMESTAMP": self = .timestampWithoutTimezone
        case "TIME WITH TIME ZONE", "TIMETZ": self = .timeWithTimezone
        case "TIME": self = .timeWithoutTimezone
        case "JSON": self = .json
        default: return nil
        }
    }
}
