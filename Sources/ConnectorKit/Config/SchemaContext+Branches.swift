import AirbyteProtocol

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
        let closest =
            outcomes.indices.min {
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
