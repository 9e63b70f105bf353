internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// The CDK's `InterpolatedString`: a manifest string that may hold Jinja, evaluated with the
/// component's `$parameters` as `parameters`; the string itself is the default.
///
/// Built with `hasDefault: false` it is what `InterpolatedMapping` evaluates: no default,
/// so an empty result is `None`.
struct InterpolatedString: Sendable {
    let string: String
    private let compiled: JinjaInterpolation.Compiled?
    private let defaultCompiled: JinjaInterpolation.Compiled?
    private let hasDefault: Bool
    private let parameters: JinjaValue
    private let interpolation: JinjaInterpolation

    init(_ string: String, parameters: JSONObject, default defaultValue: String? = nil, hasDefault: Bool = true,
         in interpolation: JinjaInterpolation) {
        self.string = string
        self.interpolation = interpolation
        self.parameters = JinjaValue(parameters)
        self.hasDefault = hasDefault
        if string.contains("{{") || string.contains("{%") || string.contains("{#") {
            compiled = interpolation.compile(string)
            if hasDefault {
                let defaultText = (defaultValue?.isEmpty == false) ? defaultValue! : string
                defaultCompiled = defaultText == string ? compiled : interpolation.compile(defaultText)
            } else {
                defaultCompiled = nil
            }
        } else {
            compiled = nil
            defaultCompiled = nil
        }
    }

    /// Whether the text has no template tags.
    var isPlain: Bool { compiled == nil }

    /// Evaluates with `config` and the per-call context.
    func eval(_ config: JinjaValue, _ context: InterpolationContext = [:], validTypes: ValidTypes? = nil) throws(TemplateError) -> JinjaValue {
        guard let compiled else {
            // A plain string renders to itself and is literal-evaluated ("5" → 5); an empty
            // one falls back to the default: itself, or None without a default.
            if string.isEmpty { return hasDefault ? .string("") : .none }
            return interpolation.literalEval(string, validTypes)
        }
        var full = context
        full["parameters"] = parameters
        return try interpolation.eval(compiled, config: config, default: defaultCompiled, validTypes: validTypes, context: full)
    }

    /// `str(eval(...))`, as most callers use the result.
    func evalString(_ config: JinjaValue, _ context: InterpolationContext = [:]) throws(TemplateError) -> String {
        try eval(config, context).description
    }
}

/// The CDK's `InterpolatedBoolean`: false when the result is one of Python's false values
/// (`False`, `"false"`, `"{}"`, `"[]"`, `""`, `"0"`, `0`, ...).
struct InterpolatedBoolean: Sendable {
    let condition: String
    private let compiled: JinjaInterpolation.Compiled
    private let defaultCompiled: JinjaInterpolation.Compiled
    private let parameters: JinjaValue
    private let interpolation: JinjaInterpolation

    init(_ condition: String, parameters: JSONObject, in interpolation: JinjaInterpolation) {
        self.condition = condition
        self.interpolation = interpolation
        self.parameters = JinjaValue(parameters)
        compiled = interpolation.compile(condition)
        defaultCompiled = interpolation.compile("False")
    }

    func eval(_ config: JinjaValue, _ context: InterpolationContext = [:]) throws(TemplateError) -> Bool {
        var full = context
        full["parameters"] = parameters
        let value = try interpolation.eval(compiled, config: config, default: defaultCompiled, validTypes: nil, context: full)
        return !Self.isFalseValue(value)
    }

    /// `evaluated in FALSE_VALUES` (Python `==`, so `0`, `0.0` and `False` are all false).
    static func isFalseValue(_ value: JinjaValue) -> Bool {
        switch value.kind {
        case .string:
            return ["False", "false", "{}", "[]", "()", "", "0", "0.0"].contains(value.stringValue ?? "")
        case .bool, .int, .float:
            return value == .bool(false)
        case .dict, .list, .tuple, .set:
            return !value.isTruthy
        default:
            return false
        }
    }
}

/// The CDK's `InterpolatedMapping`: keys and string values interpolated; other values kept.
struct InterpolatedMapping: Sendable {
    private let entries: [(key: InterpolatedString, value: Entry)]

    enum Entry: Sendable {
        case template(InterpolatedString)
        case literal(JinjaValue)
    }

    init(_ mapping: JSONObject, parameters: JSONObject, in interpolation: JinjaInterpolation) {
        entries = mapping.map { member in
            let key = InterpolatedString(member.key, parameters: parameters, hasDefault: false, in: interpolation)
            if case .string(let text) = member.value {
                // Values have no default: an empty result is None.
                return (key, .template(InterpolatedString(text, parameters: parameters, hasDefault: false, in: interpolation)))
            }
            return (key, .literal(JinjaValue(member.value)))
        }
    }

    var isEmpty: Bool { entries.isEmpty }

    func eval(_ config: JinjaValue, _ context: InterpolationContext, validKeyTypes: ValidTypes? = .string,
              validValueTypes: ValidTypes? = nil) throws(TemplateError) -> [(key: JinjaValue, value: JinjaValue)] {
        var result: [(key: JinjaValue, value: JinjaValue)] = []
        for (keyTemplate, entry) in entries {
            let key = try keyTemplate.eval(config, context, validTypes: validKeyTypes)
            let value: JinjaValue
            switch entry {
            case .template(let template):
                value = try template.eval(config, context, validTypes: validValueTypes)
            case .literal(let literal):
                value = literal
            }
            if let index = result.firstIndex(where: { $0.key == key }) {
                result[index].value = value
            } else {
                result.append((key, value))
            }
        }
        return result
    }
}

/// The CDK's `InterpolatedNestedMapping`: a nested JSON body whose strings are templates.
struct InterpolatedNestedMapping: Sendable {
    private indirect enum Node: Sendable {
        case template(InterpolatedString)
        case object([(InterpolatedString, Node)])
        case array([Node])
        case literal(JinjaValue)
    }

    private let root: Node

    init(_ value: JSONValue, parameters: JSONObject, in interpolation: JinjaInterpolation) {
        func build(_ value: JSONValue) -> Node {
            switch value {
            case .string(let text): return .template(InterpolatedString(text, parameters: parameters, hasDefault: false, in: interpolation))
            case .object(let object):
                return .object(object.map { (InterpolatedString($0.key, parameters: parameters, hasDefault: false, in: interpolation), build($0.value)) })
            case .array(let elements): return .array(elements.map(build))
            default: return .literal(JinjaValue(value))
            }
        }
        root = build(value)
    }

    func eval(_ config: JinjaValue, _ context: InterpolationContext) throws(TemplateError) -> JinjaValue {
        try evaluate(root, config, context)
    }

    private func evaluate(_ node: Node, _ config: JinjaValue, _ context: InterpolationContext) throws(TemplateError) -> JinjaValue {
        switch node {
        case .template(let template): return try template.eval(config, context)
        case .literal(let value): return value
        case .array(let elements):
            var values: [JinjaValue] = []
            for element in elements { values.append(try evaluate(element, config, context)) }
            return .list(values)
        case .object(let members):
            var items: [(JinjaValue, JinjaValue)] = []
            for (keyTemplate, valueNode) in members {
                let key = try keyTemplate.eval(config, context)
                let value = try evaluate(valueNode, config, context)
                if value.isNone { continue }
                if let index = items.firstIndex(where: { $0.0 == key }) { items[index].1 = value } else { items.append((key, value)) }
            }
            return .dict(items)
        }
    }
}

