extension AirbyteType {
    /// The narrowest type that holds every value of both `self` and `other`:
    /// what a column of type `self` becomes when a newer schema says `other`.
    ///
    /// Airbyte leaves schema evolution to each destination; these are the rules
    /// this kit follows. They form a lattice, so the result does not depend on
    /// the order in which types are combined (`a.widened(with: b)` has the type
    /// of `b.widened(with: a)`, and folding a list gives one answer however it is
    /// grouped), and no rule ever narrows a column:
    ///
    /// | combination | result | why |
    /// |---|---|---|
    /// | same type | itself | |
    /// | `integer` + `number` | `number` | every integer is a number |
    /// | `date` + `timestamp_without_timezone` | `timestamp_without_timezone` | a date is its midnight |
    /// | `date` or `timestamp_without_timezone` + `timestamp_with_timezone` | `timestamp_with_timezone` | zone-less values are read as UTC |
    /// | `time_without_timezone` + `time_with_timezone` | `time_with_timezone` | zone-less values are read as UTC |
    /// | any other two scalars (e.g. `boolean` + `integer`, `date` + `time_*`), or a scalar + `string` | `string` | every scalar has an exact text form, and every SQL scalar casts to text |
    /// | `object` + `object` | an object with the properties of both, in order; shared ones widened | |
    /// | an object without schema + any object | object without schema | it already holds anything |
    /// | an object with empty schema + `object(p)` | `object(p)` | `{}` declares nothing |
    /// | `array(a)` + `array(b)` | `array(a widened with b)` | |
    /// | an array without schema + any array | array without schema | |
    /// | an object or array + anything else (`string` included) | `unknown` (JSON) | only JSON holds both shapes |
    /// | `unknown` + anything | `unknown` (JSON) | |
    /// | a union + anything | the union's ``commonSupertype(of:)`` widened with it | |
    ///
    /// A string column does not absorb objects and arrays: turning structured
    /// values into text would lose their shape, while JSON keeps strings as JSON
    /// strings. A destination migrating a text column to JSON must convert each
    /// value (for example `to_json(column)` in DuckDB), not cast the text.
    public func widened(with other: AirbyteType) -> AirbyteType {
        if self == other { return self }
        switch (self, other) {
        case (.union(let options), _):
            return AirbyteType.commonSupertype(of: options).widened(with: other)
        case (_, .union(let options)):
            return widened(with: AirbyteType.commonSupertype(of: options))
        case (.unknown, _):
            return self
        case (_, .unknown):
            return other
        case (.object(let left), .object(let right)):
            return .object(Self.merged(left, right))
        case (.objectWithoutSchema, _) where other.isObject, (_, .objectWithoutSchema) where isObject:
            return .objectWithoutSchema
        case (.object, .objectWithEmptySchema):
            return self
        case (.objectWithEmptySchema, .object):
            return other
        case (.array(let left), .array(let right)):
            return .array(left.widened(with: right))
        case (.arrayWithoutSchema, _) where other.isArray, (_, .arrayWithoutSchema) where isArray:
            return .arrayWithoutSchema
        default:
            break
        }
        guard let left = ScalarRank(self), let right = ScalarRank(other) else { return .unknown([:]) }
        if left.family == right.family, left.family != .string {
            return left.rank >= right.rank ? self : other
        }
        return .string
    }

    /// The narrowest type that holds the values of all `types`: they widened
    /// one with the next (see ``widened(with:)``); `unknown` when there are none.
    ///
    /// This is also how a union is stored: `integer | number` is a number,
    /// `integer | string` a string, `boolean | integer` a string (text keeps both),
    /// and anything with an object or array option JSON.
    public static func commonSupertype(of types: some Sequence<AirbyteType>) -> AirbyteType {
        var iterator = types.makeIterator()
        guard var result = iterator.next() else { return .unknown([:]) }
        while let next = iterator.next() { result = result.widened(with: next) }
        return result
    }

    private static func merged(_ left: [Property], _ right: [Property]) -> [Property] {
        var result = left
        for property in right {
            if let index = result.firstIndex(where: { $0.name == property.name }) {
                result[index].type = result[index].type.widened(with: property.type)
            } else {
                result.append(property)
            }
        }
        return result
    }
}

/// Where a scalar type sits in the widening lattice: chains of related types
/// under `string`.
private struct ScalarRank {
    enum Family { case string, boolean, numeric, dateTime, time }
    var family: Family
    var rank: Int

    init?(_ type: AirbyteType) {
        switch type {
        case .string: (family, rank) = (.string, 0)
        case .boolean: (family, rank) = (.boolean, 0)
        case .integer: (family, rank) = (.numeric, 0)
        case .number: (family, rank) = (.numeric, 1)
        case .date: (family, rank) = (.dateTime, 0)
        case .timestampWithoutTimezone: (family, rank) = (.dateTime, 1)
        case .timestampWithTimezone: (family, rank) = (.dateTime, 2)
        case .timeWithoutTimezone: (family, rank) = (.time, 0)
        case .timeWithTimezone: (family, rank) = (.time, 1)
        default: return nil
        }
    }
}
