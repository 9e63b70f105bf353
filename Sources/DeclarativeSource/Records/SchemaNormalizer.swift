internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation

/// `TypeTransformer(DefaultSchemaNormalization)`: casts record values to the types their
/// stream schema declares (`"5"` to `5` for an integer, `5` to `"5"` for a string, a scalar
/// to a one-element list for an array), walking `properties` and `items`.
struct SchemaNormalizer: Sendable {
    func normalize(_ value: inout JSONValue, schema: JSONValue) {
        guard case .object(let schemaObject) = schema else { return }
        if case .object(let properties)? = schemaObject["properties"], case .object(var object) = value {
            for (key, subschema) in properties {
                guard var child = object[key] else { continue }
                child = convert(child, subschema)
                normalize(&child, schema: subschema)
                object[key] = child
            }
            value = .object(object)
        }
        if let items = schemaObject["items"], case .array(var elements) = value {
            for index in elements.indices {
                elements[index] = convert(elements[index], items)
                normalize(&elements[index], schema: items)
            }
            value = .array(elements)
        }
    }

    private func convert(_ value: JSONValue, _ subschema: JSONValue) -> JSONValue {
        guard case .object(let schema) = subschema else { return value }
        var types: [String]
        switch schema["type"] {
        case .string(let type)?: types = [type]
        case .array(let list)?: types = list.compactMap(\.stringValue)
        default: types = []
        }
        if value == .null && types.contains("null") { return .null }
        types.removeAll { $0 == "null" }
        guard types.count == 1 else { return value }
        switch types[0] {
        case "string":
            return .string(pythonString(value))
        case "number":
            switch value {
            case .number(let text): return .number(Double(text).map(PythonFloat.repr) ?? text)
            case .string(let text):
                guard let double = Double(text.trimmingCharacters(in: .whitespaces)) else { return value }
                return .number(PythonFloat.repr(double))
            case .bool(let flag): return .number(flag ? "1.0" : "0.0")
            default: return value
            }
        case "integer":
            switch value {
            case .number(let text):
                if Int(text) != nil { return value }
                guard let double = Double(text), double.isFinite else { return value }
                return .number(String(Int(double.rounded(.towardZero))))
            case .string(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
                guard let int = Int(trimmed) else { return value }
                return .number(String(int))
            case .bool(let flag): return .number(flag ? "1" : "0")
            default: return value
            }
        case "boolean":
            switch value {
            case .string(let text):
                switch text.lowercased() {
                case "y", "yes", "t", "true", "on", "1": return .bool(true)
                case "n", "no", "f", "false", "off", "0": return .bool(false)
                default: return value
                }
            default: return .bool(ManifestTruthiness.isTruthy(value))
            }
        case "array":
            let itemTypes: Set<String>
            switch (schema["items"]?.objectValue)?["type"] {
            case .string(let type)?: itemTypes = [type]
            case .array(let list)?: itemTypes = Set(list.compactMap(\.stringValue))
            default: itemTypes = []
            }
            let simple: Set<String> = ["string", "number", "integer", "boolean", "null"]
            switch value {
            case .string, .number, .bool:
                return itemTypes.isSubset(of: simple) ? .array([value]) : value
            default: return value
            }
        default:
            return value
        }
    }

    private func pythonString(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .number(let text):
            if Int(text) != nil { return text }
            return Double(text).map(PythonFloat.repr) ?? text
        default: return value.jsonText
        }
    }
}
