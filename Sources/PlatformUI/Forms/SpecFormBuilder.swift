import AirbyteProtocol
import Foundation

/// Builds the fields of a connector's configuration form from its spec's JSON
/// schema, filled with a configuration (the stored one, secrets masked; or a
/// submitted one being corrected) or, for a new one, the schema's defaults.
///
/// Field names are paths: `c` is the configuration, `c/host` one of its keys
/// (keys escaped as JSON Pointer does, `~0` and `~1`), `c/tunnel/~c` the option
/// chosen for a `oneOf`, `c/tunnel/~1/host` a key of its second option.
/// ``SpecFormReader`` reads a posted form back along the same paths.
struct SpecFormBuilder {
    /// Messages by field name, shown next to their fields.
    var errors: [String: String] = [:]
    /// Fill empty fields with the schema's `default` (a new form).
    var useDefaults: Bool
    private var counter = 0

    init(errors: [String: String] = [:], useDefaults: Bool) {
        self.errors = errors
        self.useDefaults = useDefaults
    }

    static let root = "c"
    static let mask = "**********"

    static func path(_ parent: String, _ key: String) -> String {
        parent + "/" + key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    static func choicePath(_ parent: String) -> String { parent + "/~c" }
    static func optionPath(_ parent: String, _ index: Int) -> String { parent + "/~\(index)" }

    static func jsonPath(_ parent: String, _ key: String) -> String {
        let plain = key.first.map { $0 == "_" || $0.isLetter } == true && key.allSatisfy { $0 == "_" || $0.isLetter || $0.isNumber }
        return plain
            ? "\(parent).\(key)"
            : "\(parent)['\(key.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'"))']"
    }

    /// The fields of the configuration `schema` describes, filled from `values`.
    mutating func fields(of schema: SpecSchema, values: JSONValue?) -> [SpecFieldView] {
        objectFields(schema, values: values?.objectValue, path: Self.root, jsonPath: "$", parentRequired: true)
    }

    private mutating func objectFields(
        _ schema: SpecSchema, values: JSONObject?, path: String, jsonPath: String,
        parentRequired: Bool
    ) -> [SpecFieldView] {
        let required = schema.required
        var fields: [SpecFieldView] = []
        for (key, property) in schema.properties where property.constValue == nil && !property.isHidden {
            if let values = property.enumValues, values.count == 1, property.defaultValue != nil || required.contains(key) {
                continue  // a discriminator fixed by its option: the reader sets it
            }
            fields.append(
                field(
                    key: key, schema: property, value: values?[key], path: Self.path(path, key),
                    jsonPath: Self.jsonPath(jsonPath, key), required: required.contains(key),
                    parentRequired: parentRequired))
        }
        return fields
    }

    private mutating func nextID() -> String {
        counter += 1
        return "field-\(counter)"
    }

    private mutating func field(
        key: String, schema: SpecSchema, value given: JSONValue?, path: String, jsonPath: String,
        required: Bool, parentRequired: Bool
    ) -> SpecFieldView {
        let value = given ?? (useDefaults ? schema.defaultValue : nil)
        let id = nextID()
        let options = schema.options
        var field = SpecFieldView(
            id: id, name: options.isEmpty ? path : Self.choicePath(path),
            label: schema.title ?? Self.humanize(key), required: required && parentRequired, jsonPath: jsonPath)
        if let description = schema.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            field.help = Self.plainText(description)
            field.helpID = "\(id)-help"
        }
        if let error = errors[field.name] {
            field.error = error
            field.errorID = "\(id)-error"
        }
        let described = [field.helpID, field.errorID].compactMap { $0 }
        field.describedBy = described.isEmpty ? nil : described.joined(separator: " ")

        if !options.isEmpty {
            field.isChoice = true
            let chosen = given != nil || !useDefaults ? schema.optionIndex(for: value) : schema.optionIndex(for: schema.defaultValue)
            field.choices = options.enumerated().map { index, option in
                let optionValues = index == chosen ? value?.objectValue : nil
                return SpecFieldView.Choice(
                    index: String(index), title: option.title ?? option.discriminator?.value.formText ?? "Option \(index + 1)",
                    selected: index == chosen, fieldsetID: "\(id)-option-\(index)",
                    fields: objectFields(
                        option, values: optionValues, path: Self.optionPath(path, index), jsonPath: jsonPath,
                        parentRequired: parentRequired && required))
            }
            return field
        }
        switch schema.type {
        case "object" where schema.hasProperties:
            field.isGroup = true
            field.fields = objectFields(
                schema, values: value?.objectValue, path: path, jsonPath: jsonPath,
                parentRequired: parentRequired && required)
        case "boolean":
            field.isCheckbox = true
            field.checked = value?.boolValue == true
        case "integer", "number":
            if let enumValues = schema.enumValues {
                select(&field, enumValues, value: value, required: required)
            } else {
                field.isNumber = true
                field.inputType = "number"
                field.value = value?.formText ?? ""
                field.min = schema.minimum
                field.max = schema.maximum
                field.step = schema.type == "integer" ? "1" : "any"
            }
        case "array":
            let items = schema.items
            if let enumValues = items.enumValues {
                field.isMultiCheck = true
                let chosen = Set((value?.arrayValue ?? []).map(\.formText))
                field.options = enumValues.enumerated().map { index, option in
                    SpecFieldView.Option(
                        value: option.formText, label: option.formText, selected: chosen.contains(option.formText),
                        id: "\(id)-\(index)")
                }
            } else if ["string", "integer", "number"].contains(items.type ?? "string"), !items.hasProperties {
                field.isTextarea = true
                field.value = (value?.arrayValue ?? []).map(\.formText).joined(separator: "\n")
                field.help = [field.help, "One per line."].compactMap { $0 }.joined(separator: " ")
                field.helpID = "\(id)-help"
                field.describedBy = ["\(id)-help", field.errorID].compactMap { $0 }.joined(separator: " ")
            } else {
                json(&field, value)
            }
        case "string", nil:
            if let enumValues = schema.enumValues {
                select(&field, enumValues, value: value, required: required)
            } else if schema.isSecret {
                field.isPassword = true
                field.inputType = "password"
                field.secretStored = value?.stringValue == Self.mask
                field.placeholder = field.secretStored ? "Stored (hidden). Leave empty to keep it." : nil
                if field.secretStored { field.required = false }
                pattern(&field, schema)
            } else if schema.isMultiline {
                field.isTextarea = true
                field.value = value?.formText ?? ""
            } else {
                field.isText = true
                field.value = value?.formText ?? ""
                field.inputType =
                    switch schema.format {
                    case "date": "date"
                    case "email": "email"
                    case "uri": "url"
                    default: "text"
                    }
                field.placeholder = schema.examples.first.map(\.formText)
                pattern(&field, schema)
            }
        default:
            json(&field, value)
        }
        return field
    }

    private func select(_ field: inout SpecFieldView, _ values: [JSONValue], value: JSONValue?, required: Bool) {
        field.isSelect = true
        var options = values.enumerated().map { index, option in
            SpecFieldView.Option(value: option.formText, label: option.formText, selected: option == value, id: "\(field.id)-\(index)")
        }
        if !required || value == nil {
            options.insert(SpecFieldView.Option(value: "", label: "—", selected: value == nil, id: "\(field.id)-none"), at: 0)
        }
        field.options = options
    }

    private func json(_ field: inout SpecFieldView, _ value: JSONValue?) {
        field.isTextarea = true
        field.value = value.map(\.jsonText) ?? ""
        field.help = [field.help, "JSON."].compactMap { $0 }.joined(separator: " ")
        field.helpID = "\(field.id)-help"
        field.describedBy = ["\(field.id)-help", field.errorID].compactMap { $0 }.joined(separator: " ")
    }

    private func pattern(_ field: inout SpecFieldView, _ schema: SpecSchema) {
        guard let pattern = schema.pattern else { return }
        // JSON Schema's patterns search; HTML's must match the whole value.
        field.pattern = (pattern.hasPrefix("^") ? "" : ".*") + pattern + (pattern.hasSuffix("$") ? "" : ".*")
        field.patternTitle = schema.patternDescriptor.map { "Format: \($0)" } ?? "Must match \(pattern)"
    }

    /// `api_key` → `Api key`.
    static func humanize(_ key: String) -> String {
        let words = key.replacingOccurrences(of: "_", with: " ").replacingOccurrences(of: "-", with: " ")
        return words.prefix(1).uppercased() + words.dropFirst()
    }

    /// A description's text without its HTML tags (specs write links as `<a href=…>`), to show as plain text.
    static func plainText(_ text: String) -> String {
        var result = ""
        var inTag = false
        for character in text {
            if character == "<" {
                inTag = true
            } else if character == ">" && inTag {
                inTag = false
            } else if !inTag {
                result.append(character)
            }
        }
        return result
    }
}
