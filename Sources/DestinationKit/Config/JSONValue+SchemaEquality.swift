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
            return left.count == right.count && left.allSatisfy { member in
                right[member.key].map { member.value.isSchemaEqual(to: $0) } ?? false
            }
        default:
            return self == other
        }
    }
}
