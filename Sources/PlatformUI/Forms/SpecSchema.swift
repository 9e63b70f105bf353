import AirbyteProtocol

/// One node of a connector's spec (a JSON schema), read the way Airbyte's UI
/// reads it to build a form: its type, title, description, `order`, default,
/// `enum`, `const`, `oneOf`/`anyOf` options, `airbyte_secret`, `airbyte_hidden`,
/// `pattern`, bounds, `multiline` and array `items`.
struct SpecSchema {
    let object: JSONObject

    init(_ value: JSONValue?) {
        object = value?.objectValue ?? JSONObject()
    }

    /// The first non-null of `type` (a string or a list of them).
    var type: String? {
        if let type = object["type"]?.stringValue { return type }
        return object["type"]?.arrayValue?.compactMap(\.stringValue).first { $0 != "null" }
    }

    var title: String? { object["title"]?.stringValue }
    var description: String? { object["description"]?.stringValue }
    var isSecret: Bool { object["airbyte_secret"]?.boolValue == true }
    var isHidden: Bool { object["airbyte_hidden"]?.boolValue == true }
    var isMultiline: Bool { object["multiline"]?.boolValue == true }
    var pattern: String? { object["pattern"]?.stringValue }
    var patternDescriptor: String? { object["pattern_descriptor"]?.stringValue }
    var format: String? { object["format"]?.stringValue }
    var defaultValue: JSONValue? { object["default"] }
    var constValue: JSONValue? { object["const"] }
    var enumValues: [JSONValue]? { object["enum"]?.arrayValue }
    var minimum: String? { Self.numberText(object["minimum"]) }
    var maximum: String? { Self.numberText(object["maximum"]) }
    var examples: [JSONValue] { object["examples"]?.arrayValue ?? [] }
    var items: SpecSchema { SpecSchema(object["items"]) }
    var required: Set<String> { Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? []) }

    /// The options of a `oneOf` (or `anyOf`) choice; empty when there is none.
    var options: [SpecSchema] {
        (object["oneOf"]?.arrayValue ?? object["anyOf"]?.arrayValue ?? []).map(SpecSchema.init)
    }

    /// The properties in form order: by `order` where given, then as declared.
    var properties: [(key: String, schema: SpecSchema)] {
        guard let properties = object["properties"]?.objectValue else { return [] }
        return properties.enumerated()
            .map { (index: $0.offset, key: $0.element.key, schema: SpecSchema($0.element.value)) }
            .sorted { lhs, rhs in
                let a = lhs.schema.order ?? Int.max
                let b = rhs.schema.order ?? Int.max
                return a != b ? a < b : lhs.index < rhs.index
            }
            .map { ($0.key, $0.schema) }
    }

    var order: Int? { object["order"]?.int64Value.map(Int.init) }
    var hasProperties: Bool { object["properties"]?.objectValue != nil }

    /// The value every option of a choice fixes, when the options are told apart by a
    /// `const` (or single-value `enum`) property, such as `tunnel_method`.
    var discriminator: (key: String, value: JSONValue)? {
        for (key, schema) in properties {
            if let value = schema.constValue { return (key, value) }
            if let values = schema.enumValues, values.count == 1 { return (key, values[0]) }
        }
        return nil
    }

    /// Which option `value` is: the one whose discriminator it carries, else the
    /// first whose required keys it has, else the first.
    func optionIndex(for value: JSONValue?) -> Int {
        let options = self.options
        guard let object = value?.objectValue, !options.isEmpty else { return 0 }
        for (index, option) in options.enumerated() {
            if let discriminator = option.discriminator, object[discriminator.key] == discriminator.value { return index }
        }
        for (index, option) in options.enumerated() where option.discriminator == nil {
            if !option.required.isEmpty, option.required.allSatisfy({ object[$0] != nil }) { return index }
        }
        return 0
    }

    private static func numberText(_ value: JSONValue?) -> String? {
        if case .number(let text) = value { return text }
        return nil
    }
}

extension JSONValue {
    /// The value as a form field shows it: a string as is, numbers and booleans as their JSON text.
    var formText: String {
        switch self {
        case .string(let text): text
        case .null: ""
        default: jsonText
        }
    }
}
