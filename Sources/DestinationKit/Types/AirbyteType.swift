/// A type in Airbyte's type system: what a stream's JSON schema says a value is.
///
/// Sources describe their records with JSON schema plus Airbyte's extensions
/// (`airbyte_type`, `format`, `$ref`s to `WellKnownTypes.json`). A destination
/// needs something smaller: which of a dozen kinds each property is. Build one
/// with ``init(jsonSchema:)``, get a stream's columns with
/// ``ColumnDefinition/columns(forStreamSchema:)``, decide a column's storage with
/// ``columnKind`` and evolve a column with ``widened(with:)``.
///
/// ```swift
/// let type = AirbyteType(jsonSchema: ["type": ["null", "string"], "format": "date-time"])
/// // .timestampWithTimezone
/// ```
public indirect enum AirbyteType: Sendable, Hashable {
    case string
    case boolean
    /// A whole number; destinations store it in 64 bits.
    case integer
    /// Any number; destinations store it as a wide decimal.
    case number
    /// A calendar date (`2021-01-23`).
    case date
    /// An instant (`2022-11-22T01:23:45.123456+05:00`).
    case timestampWithTimezone
    /// A wall-clock date and time with no zone (`2022-11-22T01:23:45`).
    case timestampWithoutTimezone
    /// A time of day with an offset (`01:23:45+05:00`).
    case timeWithTimezone
    /// A time of day with no zone (`01:23:45`).
    case timeWithoutTimezone
    /// An object with declared properties, in schema order.
    case object([Property])
    /// An object whose schema declares no `properties` at all.
    case objectWithoutSchema
    /// An object whose schema declares `properties: {}`.
    case objectWithEmptySchema
    /// An array whose elements all have this type.
    case array(AirbyteType)
    /// An array whose schema declares no `items`.
    case arrayWithoutSchema
    /// A value that may have any of these types: two or more distinct
    /// options, none of them a union, in schema order.
    case union([AirbyteType])
    /// A schema this type system cannot interpret, kept as it was written.
    case unknown(JSONValue)

    /// One declared property of an object type.
    public struct Property: Sendable, Hashable {
        /// The property's name exactly as the schema spells it.
        public var name: String
        /// The property's type.
        public var type: AirbyteType

        /// A property called `name` of type `type`.
        public init(name: String, type: AirbyteType) {
            self.name = name
            self.type = type
        }
    }
}

extension AirbyteType {
    /// A union of `options`, flattened and without repeats: one option is
    /// returned as itself, none as `.unknown([:])` (`{}`, the schema of any value).
    public static func union(of options: some Sequence<AirbyteType>) -> AirbyteType {
        var flat: [AirbyteType] = []
        for option in options {
            let members: [AirbyteType]
            if case .union(let nested) = option { members = nested } else { members = [option] }
            for member in members where !flat.contains(member) { flat.append(member) }
        }
        switch flat.count {
        case 0: return .unknown([:])
        case 1: return flat[0]
        default: return .union(flat)
        }
    }

    /// Whether this is one of the object types.
    public var isObject: Bool {
        switch self {
        case .object, .objectWithoutSchema, .objectWithEmptySchema: true
        default: false
        }
    }

    /// Whether this is one of the array types.
    public var isArray: Bool {
        switch self {
        case .array, .arrayWithoutSchema: true
        default: false
        }
    }
}

extension AirbyteType: CustomStringConvertible {
    /// A compact rendering for logs and messages, such as
    /// `object{id: integer, tags: array<string>}`.
    public var description: String {
        switch self {
        case .string: "string"
        case .boolean: "boolean"
        case .integer: "integer"
        case .number: "number"
        case .date: "date"
        case .timestampWithTimezone: "timestamp_with_timezone"
        case .timestampWithoutTimezone: "timestamp_without_timezone"
        case .timeWithTimezone: "time_with_timezone"
        case .timeWithoutTimezone: "time_without_timezone"
        case .object(let properties):
            "object{" + properties.map { "\($0.name): \($0.type)" }.joined(separator: ", ") + "}"
        case .objectWithoutSchema: "object"
        case .objectWithEmptySchema: "object{}"
        case .array(let items): "array<\(items)>"
        case .arrayWithoutSchema: "array"
        case .union(let options): options.map(\.description).joined(separator: " | ")
        case .unknown: "unknown"
        }
    }
}
