public import AirbyteProtocol

/// The CDK's `InterpolatedMapping` (`request_parameters`, `request_headers`, ...):
/// keys and string values are both interpolated; other values pass through.
public struct InterpolatedMapping: Sendable {
    private let entries: [(key: InterpolatedString, value: Entry)]

    private enum Entry: Sendable {
        case template(InterpolatedString)
        case value(JinjaValue)
    }

    /// A mapping from the manifest, in order.
    public init(_ mapping: JSONObject, parameters: JinjaValue = [:], environment: JinjaEnvironment = .airbyte()) {
        entries = mapping.map { member in
            // A key has no default: an empty key renders as None, as in the CDK.
            let key = InterpolatedString(member.key, parameters: parameters, environment: environment)
            if case .string(let text) = member.value {
                return (key, .template(InterpolatedString(text, parameters: parameters, environment: environment)))
            }
            return (key, .value(JinjaValue(member.value)))
        }
    }

    /// The evaluated mapping. Keys keep only string literals by default
    /// (`valid_key_types=(str,)`); `validValueTypes` restricts the values' literals.
    /// A later key equal to an earlier one replaces its value in place.
    public func eval(
        _ config: JinjaValue, _ variables: [String: JinjaValue] = [:],
        validKeyTypes: Set<PythonType>? = [.str], validValueTypes: Set<PythonType>? = nil
    ) throws(TemplateError) -> [(key: JinjaValue, value: JinjaValue)] {
        var result = JinjaDict()
        for entry in entries {
            let key = try entry.key.evalWithoutDefault(config: config, variables: variables, validTypes: validKeyTypes)
            let value: JinjaValue
            switch entry.value {
            case .template(let template):
                value = try template.evalWithoutDefault(config: config, variables: variables, validTypes: validValueTypes)
            case .value(let constant):
                value = constant
            }
            try key.checkHashable()
            result[key] = value
        }
        return result.items.map { (key: $0.0, value: $0.1) }
    }
}

/// The CDK's `InterpolatedNestedMapping` (`request_body_json`): strings anywhere in
/// the structure are interpolated (dict keys too); dict entries whose value becomes
/// `None` are dropped.
public struct InterpolatedNestedMapping: Sendable {
    private indirect enum Node: Sendable {
        case template(InterpolatedString)
        case dict([(Node, Node)])
        case list([Node])
        case value(JinjaValue)
    }

    private let root: Node

    public init(_ mapping: JSONValue, parameters: JinjaValue = [:], environment: JinjaEnvironment = .airbyte()) {
        func build(_ value: JSONValue) -> Node {
            switch value {
            case .string(let text): return .template(InterpolatedString(text, parameters: parameters, environment: environment))
            case .object(let object): return .dict(object.map { (build(.string($0.key)), build($0.value)) })
            case .array(let values): return .list(values.map(build))
            default: return .value(JinjaValue(value))
            }
        }
        root = build(mapping)
    }

    public func eval(_ config: JinjaValue, _ variables: [String: JinjaValue] = [:]) throws(TemplateError) -> JinjaValue {
        func evaluate(_ node: Node) throws(TemplateError) -> JinjaValue {
            switch node {
            case .template(let template):
                return try template.evalWithoutDefault(config: config, variables: variables, validTypes: nil)
            case .value(let value): return value
            case .list(let items):
                var values: [JinjaValue] = []
                for item in items { values.append(try evaluate(item)) }
                return .list(values)
            case .dict(let items):
                var dict = JinjaDict()
                for (keyNode, valueNode) in items {
                    let key = try evaluate(keyNode)
                    let value = try evaluate(valueNode)
                    try key.checkHashable()
                    dict[key] = value
                }
                return .dict(dict.items.filter { !$0.1.isNone })
            }
        }
        return try evaluate(root)
    }
}

extension InterpolatedString {
    /// `JinjaInterpolation.eval(string, config, valid_types=..., parameters=...)` with no
    /// default (an empty result is `None`), as the mappings call it.
    func evalWithoutDefault(config: JinjaValue, variables: [String: JinjaValue], validTypes: Set<PythonType>?) throws(TemplateError)
        -> JinjaValue
    {
        try JinjaInterpolation.evaluate(
            input: (string, templateResult), default: nil, config: config, parameters: parameters,
            validTypes: validTypes, variables: variables)
    }
}
