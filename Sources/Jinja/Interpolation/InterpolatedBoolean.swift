/// The CDK's `InterpolatedBoolean` (stop conditions, record filters, error-handler
/// predicates): false when the evaluated condition equals one of `"False"`,
/// `"false"`, `"{}"`, `"[]"`, `"()"`, `""`, `"0"`, `"0.0"`, `{}`, `False`, `None`, `[]`,
/// `()` or `set()` in Python's `==` (so `0` and `0.0` are false too); true otherwise.
/// `None` is false since CDK 7.3x (it was true in 7.28).
public struct InterpolatedBoolean: Sendable {
    private enum Condition: Sendable {
        case constant(Bool)
        case template(InterpolatedString)
    }

    private let condition: Condition

    /// A condition template; the default when it renders empty is `"False"`.
    public init(_ condition: String, parameters: JinjaValue = [:], environment: JinjaEnvironment = .airbyte()) {
        self.condition = .template(InterpolatedString(condition, default: "False", parameters: parameters, environment: environment))
    }

    /// A condition given as a YAML boolean.
    public init(_ condition: Bool) {
        self.condition = .constant(condition)
    }

    private static let falseValues: [JinjaValue] = [
        "False", "false", "{}", "[]", "()", "", "0", "0.0", .dict([(JinjaValue, JinjaValue)]()), false, .none, [], .tuple([]),
        JinjaValue(storage: .set([])),
    ]

    public func eval(_ config: JinjaValue, _ variables: [String: JinjaValue] = [:]) throws(TemplateError) -> Bool {
        switch condition {
        case .constant(let value): return value
        case .template(let template): return !Self.isFalse(try template.eval(config, variables))
        }
    }

    /// Whether an evaluated value is one of the CDK's `FALSE_VALUES` (Python `in`, so by `==`).
    public static func isFalse(_ value: JinjaValue) -> Bool {
        falseValues.contains(value)
    }
}
