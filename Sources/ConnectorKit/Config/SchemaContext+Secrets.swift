import AirbyteProtocol

extension SchemaContext {
    /// The values in `value` that `schema` marks `airbyte_secret: true`, by path,
    /// in the configuration's order. Every option of a `oneOf`/`anyOf` is
    /// consulted, so a field secret in any option counts as secret.
    func secrets(in value: JSONValue, schema: JSONValue, at path: JSONPath, into found: inout [(JSONPath, JSONValue)]) {
        guard case .object(let rules) = resolve(schema) else { return }
        if rules["airbyte_secret"] == .bool(true) {
            if !found.contains(where: { $0.0 == path }) { found.append((path, value)) }
            return
        }
        for keyword in ["allOf", "anyOf", "oneOf"] {
            for option in rules[keyword]?.arrayValue ?? [] {
                secrets(in: value, schema: option, at: path, into: &found)
            }
        }
        switch value {
        case .object(let object):
            for (key, member) in object {
                for memberSchema in schemas(forMember: key, of: rules).schemas {
                    secrets(in: member, schema: memberSchema, at: path.appending(key), into: &found)
                }
            }
        case .array(let elements):
            for (index, itemSchema) in schemas(forElementsOf: elements.count, of: rules).enumerated() {
                if let itemSchema { secrets(in: elements[index], schema: itemSchema, at: path.appending(index), into: &found) }
            }
        default:
            break
        }
    }
}
