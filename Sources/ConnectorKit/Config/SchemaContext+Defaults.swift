import AirbyteProtocol

extension SchemaContext {
    /// `value` with the `default` of every absent property filled in, at every depth.
    func fillingDefaults(_ value: JSONValue, schema: JSONValue, at path: JSONPath) -> JSONValue {
        guard case .object(let rules) = resolve(schema) else { return value }
        var result = value
        if case .object(var object) = result {
            for (key, propertySchema) in rules["properties"]?.objectValue ?? JSONObject() {
                if object[key] == nil, let fallback = resolve(propertySchema)["default"] {
                    object[key] = fallback
                }
                if let member = object[key] {
                    object[key] = fillingDefaults(member, schema: propertySchema, at: path.appending(key))
                }
            }
            result = .object(object)
        } else if case .array(var elements) = result {
            for (index, itemSchema) in schemas(forElementsOf: elements.count, of: rules).enumerated() {
                if let itemSchema {
                    elements[index] = fillingDefaults(elements[index], schema: itemSchema, at: path.appending(index))
                }
            }
            result = .array(elements)
        }
        for member in rules["allOf"]?.arrayValue ?? [] {
            result = fillingDefaults(result, schema: member, at: path)
        }
        for keyword in ["oneOf", "anyOf"] {
            guard let options = rules[keyword]?.arrayValue, !options.isEmpty else { continue }
            // The option the value names or comes closest to; without a
            // discriminator value that is the one it breaks least, the first on a
            // tie — as Airbyte's UI preselects the first option.
            let chosen: Int? =
                switch selectBranch(for: result, among: options, at: path) {
                case .matched(let index), .named(let index, _), .closest(let index, _): index
                case .discriminatorMissing(_, _, let closest): closest
                case .discriminatorUnknown: nil
                }
            if let chosen { result = fillingDefaults(result, schema: options[chosen], at: path) }
        }
        return result
    }
}
