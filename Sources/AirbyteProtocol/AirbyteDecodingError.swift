/// A protocol message or catalog that is valid JSON but not what the protocol says:
/// a missing field or a value of the wrong type, with the path to it.
///
/// ```text
/// record.emitted_at: expected an integer, found a string "yesterday"
/// ```
public struct AirbyteDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Problem: Sendable, Hashable {
        /// A required field is absent (or `null`).
        case missing
        /// The field has a value of another JSON type; `found` is a short description of it.
        case wrongType(expected: String, found: String)
        /// The value has the right type but is not acceptable, for the reason given.
        case invalidValue(String)
    }

    /// What is wrong.
    public let problem: Problem
    /// Where, as a path such as `record.meta.changes[0].reason`; empty for the value itself.
    public let path: String

    /// An error about the field at `path`.
    public init(_ problem: Problem, at path: String = "") {
        self.problem = problem
        self.path = path
    }

    static func wrongType(expected: String, found value: JSONValue) -> Self {
        Self(.wrongType(expected: expected, found: value.shortDescription))
    }

    /// The same error seen from the object that holds `key`.
    func prefixed(with key: String) -> Self {
        Self(problem, at: path.isEmpty || path.hasPrefix("[") ? key + path : key + "." + path)
    }

    /// The same error seen from the array that holds it at `index`.
    func prefixed(withIndex index: Int) -> Self {
        Self(problem, at: path.isEmpty || path.hasPrefix("[") ? "[\(index)]" + path : "[\(index)]." + path)
    }

    /// A message for logs and users.
    public var description: String {
        let subject = path.isEmpty ? "value" : path
        switch problem {
        case .missing: return "\(subject): required field is missing"
        case .wrongType(let expected, let found): return "\(subject): expected \(expected), found \(found)"
        case .invalidValue(let reason): return "\(subject): \(reason)"
        }
    }
}

extension JSONValue {
    /// A description of the value for error messages: kind plus a bounded rendering of scalars.
    var shortDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return "a boolean \(value)"
        case .number(let text): return "a number \(text.count > 40 ? String(text.prefix(40)) + "…" : text)"
        case .string(let text):
            let shown = text.count > 40 ? String(text.prefix(40)) + "…" : text
            return "a string \(JSONValue.string(shown).jsonText)"
        case .array(let elements): return "an array of \(elements.count) elements"
        case .object(let object): return "an object with \(object.count) fields"
        }
    }
}
