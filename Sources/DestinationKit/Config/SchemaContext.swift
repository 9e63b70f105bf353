/// A connection specification and the JSON Schema (draft-07) machinery the
/// validator, the default filler and the secret finder share.
struct SchemaContext {
    /// The whole specification: what `$ref`s point into.
    let root: JSONValue

    /// `schema` with local `$ref`s (`#/definitions/x`) followed. A reference that
    /// leads nowhere, or around in circles, constrains nothing (`true`).
    func resolve(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<32 {
            guard case .object(let object) = current, let reference = object["$ref"]?.stringValue else {
                return current
            }
            guard reference.hasPrefix("#"), let target = pointee(of: String(reference.dropFirst())) else {
                return .bool(true)
            }
            current = target
        }
        return .bool(true)
    }

    /// The value a JSON pointer (`/definitions/x`) designates in ``root``.
    private func pointee(of pointer: String) -> JSONValue? {
        if pointer.isEmpty { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var node = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
            switch node {
            case .object(let object):
                guard let next = object[token] else { return nil }
                node = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// The `properties` whose schemas apply to the member `key` of an object
    /// validated by `schema`: its `properties` entry, matching
    /// `patternProperties`, or else `additionalProperties` when that is a schema.
    func schemas(forMember key: String, of schema: JSONObject) -> (schemas: [JSONValue], isDeclared: Bool) {
        var result: [JSONValue] = []
        if let declared = schema["properties"]?.objectValue?[key] { result.append(declared) }
        for (pattern, subschema) in schema["patternProperties"]?.objectValue ?? JSONObject() {
            if let regex = try? Regex(pattern), key.contains(regex) { result.append(subschema) }
        }
        if !result.isEmpty { return (result, true) }
        if let additional = schema["additionalProperties"], case .object = additional { return ([additional], false) }
        return ([], false)
    }

    /// The schemas that apply to each element of an array validated by `schema`.
    func schemas(forElementsOf count: Int, of schema: JSONObject) -> [JSONValue?] {
        switch schema["items"] {
        case .array(let tuple)?:
            let additional: JSONValue? = switch schema["additionalItems"] {
            case .object(let object)?: .object(object)
            default: nil
            }
            return (0..<count).map { $0 < tuple.count ? tuple[$0] : additional }
        case let items?:
            return Array(repeating: items, count: count)
        case nil:
            return Array(repeating: nil, count: count)
        }
    }
}

// MARK: - oneOf / anyOf

/// Which option of a `oneOf` or `anyOf` a value is taken to be.
enum BranchSelection {
    /// The value satisfies this option.
    case matched(Int)
    /// The value names this option by its discriminator but breaks it.
    case named(Int, problems: [ConfigProblem])
    /// The options have a discriminator; the value lacks it. `closest` is as for ``closest(_:problems:)``.
    case discriminatorMissing(key: String, allowed: [JSONValue], closest: Int)
    /// The value's discriminator names no option.
    case discriminatorUnknown(key: String, allowed: [JSONValue])
    /// No discriminator: the option the value comes closest to — the one that
    /// declares most of its keys, then the one it breaks fewest rules of, then the first.
    case closest(Int, problems: [ConfigProblem])
}

extension SchemaContext {
    /// Which of `options` `value` is taken to be, by Airbyte's convention: the
    /// options of a `oneOf` are objects told apart by a property that is a
    /// `const` (or a one-member `enum`) in each, like `"auth_type": {"const": "OAuth"}`.
    func selectBranch(for value: JSONValue, among options: [JSONValue], at path: JSONPath) -> BranchSelection {
        let outcomes = options.map { option in
            var problems: [ConfigProblem] = []
            validate(value, against: option, at: path, into: &problems)
            return problems
        }
        if let match = outcomes.firstIndex(where: \.isEmpty) { return .matched(match) }
        // Closest: the option that declares most of the keys the user wrote,
        // then the one with the fewest problems, then the first.
        let recognized = options.map { option in
            let declared = resolve(option).objectValue?["properties"]?.objectValue
            return value.objectValue?.keys.count(where: { declared?[$0] != nil }) ?? 0
        }
        let closest = outcomes.indices.min {
            (-recognized[$0], outcomes[$0].count, $0) < (-recognized[$1], outcomes[$1].count, $1)
        } ?? 0
        if let discriminator = discriminator(of: options), case .object(let object) = value {
            guard let given = object[discriminator.key] else {
                return .discriminatorMissing(key: discriminator.key, allowed: discriminator.values, closest: closest)
            }
            guard let named = discriminator.values.firstIndex(where: { given.isSchemaEqual(to: $0) }) else {
                return .discriminatorUnknown(key: discriminator.key, allowed: discriminator.values)
            }
            return .named(named, problems: outcomes[named])
        }
        return .closest(closest, problems: outcomes.isEmpty ? [] : outcomes[closest])
    }

    /// The property that tells `options` apart, with its value in each option.
    func discriminator(of options: [JSONValue]) -> (key: String, values: [JSONValue])? {
        let propertySets = options.map { resolve($0).objectValue?["properties"]?.objectValue }
        guard options.count > 1, let first = propertySets.first ?? nil else { return nil }
        for key in first.keys {
            let values = propertySets.compactMap { properties in
                properties?[key].flatMap { constant(of: resolve($0)) }
            }
            guard values.count == options.count else { continue }
            let distinct = values.indices.allSatisfy { index in
                values[..<index].allSatisfy { !$0.isSchemaEqual(to: values[index]) }
            }
            if distinct { return (key, values) }
        }
        return nil
    }

    private func constant(of schema: JSONValue) -> JSONValue? {
        if let constant = schema["const"] { return constant }
        if let members = schema["enum"]?.arrayValue, members.count == 1 { return members[0] }
        return nil
    }
}
