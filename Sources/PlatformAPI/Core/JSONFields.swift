package import AirbyteProtocol
import Foundation
package import PlatformStore

/// One JSON object of a request, read field by field: a field of the wrong
/// type, a value outside an enum, a malformed id or a missing required field
/// throws a 400 ``APIProblem`` that names the field by its path
/// (`configurations.streams[1].syncMode`). `null` reads as absent.
/// Fields the API does not know are ignored, as Airbyte ignores them.
package struct JSONFields: Sendable {
    /// The object.
    package let object: JSONObject
    /// Where it is in the request body ("" for the body itself).
    package let path: String

    /// The object `value`, found at `path`.
    package init(_ value: JSONValue, path: String = "") throws(APIProblem) {
        guard case .object(let object) = value else {
            throw APIProblem.badRequest("\(path.isEmpty ? "the body" : path) must be a JSON object, not \(value.kindName)")
        }
        self.object = object
        self.path = path
    }

    /// The path of member `key`.
    package func path(of key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw member `key`; `nil` when absent or `null`.
    package func value(_ key: String) -> JSONValue? {
        guard let value = object[key], value != .null else { return nil }
        return value
    }

    /// Whether member `key` is present and not `null`.
    package func has(_ key: String) -> Bool { value(key) != nil }

    /// Member `key`, which must be present.
    package func required<T>(_ key: String, _ read: (String) throws(APIProblem) -> T?) throws(APIProblem) -> T {
        guard let value = try read(key) else { throw APIProblem.badRequest("\(path(of: key)) is required") }
        return value
    }

    /// A string member.
    package func string(_ key: String) throws(APIProblem) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw wrongType(key, expected: "a string", found: value) }
        return text
    }

    /// A boolean member.
    package func bool(_ key: String) throws(APIProblem) -> Bool? {
        guard let value = value(key) else { return nil }
        guard case .bool(let flag) = value else { throw wrongType(key, expected: "true or false", found: value) }
        return flag
    }

    /// An integer member.
    package func int(_ key: String) throws(APIProblem) -> Int? {
        guard let value = value(key) else { return nil }
        guard let number = value.int64Value, let int = Int(exactly: number) else {
            throw wrongType(key, expected: "an integer", found: value)
        }
        return int
    }

    /// A 64-bit integer member (a job id).
    package func int64(_ key: String) throws(APIProblem) -> Int64? {
        guard let value = value(key) else { return nil }
        guard let number = value.int64Value else { throw wrongType(key, expected: "an integer", found: value) }
        return number
    }

    /// A UUID member, as a typed id.
    package func id<Subject>(_ key: String, as type: Identifier<Subject>.Type = Identifier<Subject>.self) throws(APIProblem) -> Identifier<
        Subject
    >? {
        guard let text = try string(key) else { return nil }
        guard let id = Identifier<Subject>(text) else {
            throw APIProblem.badRequest("\(path(of: key)) must be a UUID, not \(text.debugDescription)")
        }
        return id
    }

    /// A member whose value is one of an enum's raw values (compared without case, as Airbyte's mappers do).
    package func enumValue<Value: RawRepresentable & CaseIterable>(_ key: String, as type: Value.Type = Value.self) throws(APIProblem)
        -> Value?
    where Value.RawValue == String {
        guard let text = try string(key) else { return nil }
        return try Self.enumValue(text, as: type, at: path(of: key))
    }

    /// `text` as one of an enum's raw values; a 400 naming `path` and the allowed values otherwise.
    package static func enumValue<Value: RawRepresentable & CaseIterable>(_ text: String, as type: Value.Type, at path: String)
        throws(APIProblem) -> Value
    where Value.RawValue == String {
        if let value = Value.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(text) == .orderedSame }) {
            return value
        }
        throw APIProblem.badRequest(
            """
            \(path) is \(text.debugDescription), which is not one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))
            """)
    }

    /// An object member.
    package func object(_ key: String) throws(APIProblem) -> JSONFields? {
        guard let value = value(key) else { return nil }
        return try JSONFields(value, path: path(of: key))
    }

    /// An array member.
    package func array(_ key: String) throws(APIProblem) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let elements) = value else { throw wrongType(key, expected: "an array", found: value) }
        return elements
    }

    /// An array of objects.
    package func objects(_ key: String) throws(APIProblem) -> [JSONFields]? {
        guard let elements = try array(key) else { return nil }
        var objects: [JSONFields] = []
        for (index, element) in elements.enumerated() {
            objects.append(try JSONFields(element, path: "\(path(of: key))[\(index)]"))
        }
        return objects
    }

    /// An array of strings (a cursor field, a field path).
    package func strings(_ key: String) throws(APIProblem) -> [String]? {
        guard let elements = try array(key) else { return nil }
        var strings: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let text) = element else {
                throw APIProblem.badRequest("\(path(of: key))[\(index)] must be a string, not \(element.kindName)")
            }
            strings.append(text)
        }
        return strings
    }

    /// An array of arrays of strings (a primary key).
    package func stringPaths(_ key: String) throws(APIProblem) -> [[String]]? {
        guard let elements = try array(key) else { return nil }
        var paths: [[String]] = []
        for (index, element) in elements.enumerated() {
            guard case .array(let parts) = element else {
                throw APIProblem.badRequest("\(path(of: key))[\(index)] must be an array of strings, not \(element.kindName)")
            }
            var path: [String] = []
            for part in parts {
                guard case .string(let text) = part else {
                    throw APIProblem.badRequest("\(self.path(of: key))[\(index)] must be an array of strings")
                }
                path.append(text)
            }
            paths.append(path)
        }
        return paths
    }

    private func wrongType(_ key: String, expected: String, found: JSONValue) -> APIProblem {
        APIProblem.badRequest("\(path(of: key)) must be \(expected), not \(found.kindName)")
    }
}

extension JSONValue {
    /// What kind of JSON value it is, for error messages (never the value: it may be a secret).
    package var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
