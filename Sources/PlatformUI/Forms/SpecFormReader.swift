import AirbyteProtocol
import Foundation

/// Reads a posted configuration form back into a configuration, along the
/// paths ``SpecFormBuilder`` named its fields: numbers, booleans, lists and
/// JSON typed as the schema says, the chosen `oneOf` option with its
/// discriminator, an empty secret field as `**********` when a secret is
/// stored (the domain then keeps it). Keys the form does not show (hidden by
/// the spec, or unknown to it) keep their value from `base`.
///
/// What cannot be read (text in a number field, JSON that does not parse) is
/// reported by field name; everything else is checked by the domain against
/// the spec, as any API client's configuration is.
struct SpecFormReader {
    let form: FormData
    /// The stored configuration (secrets masked) being edited; `nil` for a new one.
    let base: JSONValue?
    private(set) var problems: [String: String] = [:]

    init(form: FormData, base: JSONValue?) {
        self.form = form
        self.base = base
    }

    /// The configuration the form describes.
    mutating func configuration(of schema: SpecSchema) -> JSONValue {
        .object(object(schema, path: SpecFormBuilder.root, base: base?.objectValue, keepEmpty: true) ?? JSONObject())
    }

    private mutating func object(_ schema: SpecSchema, path: String, base: JSONObject?, keepEmpty: Bool) -> JSONObject? {
        var result = JSONObject()
        let properties = schema.properties
        let known = Set(properties.map(\.key))
        for (key, property) in properties {
            if let constant = property.constValue {
                result[key] = constant
            } else if let values = property.enumValues, values.count == 1,
                property.defaultValue != nil || schema.required.contains(key)
            {
                result[key] = values[0]
            } else if property.isHidden {
                if let kept = base?[key] ?? property.defaultValue { result[key] = kept }
            } else if let value = read(
                property, path: SpecFormBuilder.path(path, key), base: base?[key],
                required: schema.required.contains(key))
            {
                result[key] = value
            }
        }
        for (key, value) in base ?? JSONObject() where !known.contains(key) && result[key] == nil {
            result[key] = value
        }
        let hasInput = result.contains { key, _ in
            let property = properties.first { $0.key == key }?.schema
            return property?.constValue == nil && (property?.enumValues?.count ?? 0) != 1
        }
        return keepEmpty || hasInput ? result : nil
    }

    private mutating func read(_ schema: SpecSchema, path: String, base: JSONValue?, required: Bool) -> JSONValue? {
        let options = schema.options
        if !options.isEmpty {
            let index = form[SpecFormBuilder.choicePath(path)].flatMap(Int.init).map { min(max(0, $0), options.count - 1) } ?? 0
            let sameOption = schema.optionIndex(for: base) == index
            return object(
                options[index], path: SpecFormBuilder.optionPath(path, index),
                base: sameOption ? base?.objectValue : nil, keepEmpty: true
            ).map(JSONValue.object)
        }
        switch schema.type {
        case "object" where schema.hasProperties:
            return object(schema, path: path, base: base?.objectValue, keepEmpty: required).map(JSONValue.object)
        case "boolean":
            return form.contains(path) ? .bool(form[path] == "true") : nil
        case "integer", "number":
            guard let text = form.trimmed(path) else { return nil }
            if let values = schema.enumValues { return values.first { $0.formText == text } }
            if schema.type == "integer" {
                guard let number = Int64(text) else {
                    problems[path] = "must be a whole number"
                    return nil
                }
                return .number(String(number))
            }
            guard let number = Double(text), number.isFinite else {
                problems[path] = "must be a number"
                return nil
            }
            return .number(text)
        case "array":
            let items = schema.items
            if let values = items.enumValues {
                let chosen = Set(form.all(path))
                let list = values.filter { chosen.contains($0.formText) }
                return list.isEmpty && !required ? nil : .array(list)
            }
            if ["string", "integer", "number"].contains(items.type ?? "string"), !items.hasProperties {
                let lines = (form[path] ?? "").split(whereSeparator: \.isNewline)
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                if lines.isEmpty { return required ? .array([]) : nil }
                var list: [JSONValue] = []
                for line in lines {
                    switch items.type {
                    case "integer":
                        guard let number = Int64(line) else {
                            problems[path] = "'\(line)' is not a whole number"
                            return nil
                        }
                        list.append(.number(String(number)))
                    case "number":
                        guard let number = Double(line), number.isFinite else {
                            problems[path] = "'\(line)' is not a number"
                            return nil
                        }
                        list.append(.number(line))
                    default:
                        list.append(.string(line))
                    }
                }
                return .array(list)
            }
            return json(path)
        case "string", nil:
            let text = form[path] ?? ""
            if let values = schema.enumValues {
                return text.isEmpty ? nil : values.first { $0.formText == text }
            }
            if schema.isSecret {
                if text.isEmpty { return base?.stringValue == SpecFormBuilder.mask ? .string(SpecFormBuilder.mask) : nil }
                return .string(text)
            }
            let value = schema.isMultiline ? text : text.trimmingCharacters(in: .whitespacesAndNewlines)
            return value.isEmpty ? nil : .string(value)
        default:
            return json(path)
        }
    }

    private mutating func json(_ path: String) -> JSONValue? {
        guard let text = form.trimmed(path) else { return nil }
        do {
            return try JSONValue(parsing: text)
        } catch {
            problems[path] = "is not valid JSON: \(error)"
            return nil
        }
    }
}
