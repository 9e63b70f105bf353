extension ColumnKind {
    /// The narrowest kind that holds the values of both: the kind of the
    /// types they store, widened in ``AirbyteType``'s lattice
    /// (``AirbyteType/widened(with:)``), so a column and a schema evolve by the
    /// same rules. integer + number → number; date ⊂ timestamp ⊂ timestamptz;
    /// time ⊂ timetz; anything + json → json; other mixes → string.
    public func widened(with other: ColumnKind) -> ColumnKind {
        airbyteType.widened(with: other.airbyteType).columnKind
    }

    /// The type a column of this kind stores (``json``: any JSON).
    var airbyteType: AirbyteType {
        switch self {
        case .string: .string
        case .integer: .integer
        case .number: .number
        case .boolean: .boolean
        case .date: .date
        case .timestampWithTimezone: .timestampWithTimezone
        case .timestampWithoutTimezone: .timestampWithoutTimezone
        case .timeWithTimezone: .timeWithTimezone
        case .timeWithoutTimezone: .timeWithoutTimezone
        case .json: .unknown([:])
        }
    }
}
