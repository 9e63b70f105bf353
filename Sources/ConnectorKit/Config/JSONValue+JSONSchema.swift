import AirbyteProtocol

extension JSONValue {
    /// Equality as JSON Schema's `const`, `enum` and `uniqueItems` mean it:
    /// numbers by value (`1 == 1.0`), objects regardless of key order.
    func isSchemaEqual(to other: JSONValue) -> Bool {
        switch (self, other) {
        case (.number, .number):
            guard let left = decimalValue, let right = other.decimalValue else { return self == other }
            return left == right
        case (.array(let left), .array(let right)):
            return left.count == right.count && zip(left, right).allSatisfy { $0.isSchemaEqual(to: $1) }
        case (.object(let left), .object(let right)):
            return left.count == right.count
                && left.allSatisfy { member in
                    right[member.key].map { member.value.isSchemaEqual(to: $0) } ?? false
                }
        default:
            return self == other
        }
    }
}

extension JSONValue {
    /// Whether this value is of the JSON Schema type `name`; an `integer` is
    /// any number with no fractional part, `3.0` included (draft-06 and later).
    func hasSchemaType(_ name: String) -> Bool {
        switch (name, self) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("number", .number):
            return decimalValue != nil
        case ("integer", .number):
            return decimalValue?.isInteger ?? false
        default:
            return false
        }
    }

    /// What kind of value this is, without the value itself (it may be a secret).
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        case .number: decimalValue.map { $0.isInteger ? "an integer" : "a number with a fraction" } ?? "an invalid number"
        }
    }
}

extension JSONValue {
    /// The number, read exactly; `nil` for other values.
    var decimalValue: DecimalNumber? {
        guard case .number(let literal) = self else { return nil }
        return DecimalNumber(literal)
    }
}
