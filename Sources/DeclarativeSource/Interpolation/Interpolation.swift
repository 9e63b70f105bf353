internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// The values a template sees besides `config`, as the CDK passes them as keyword arguments
/// (`stream_slice`, `next_page_token`, `response`, `record`, ...). `stream_interval` and
/// `stream_partition` are added as aliases of `stream_slice`.
typealias InterpolationContext = [String: JinjaValue]

/// Which Python types a literal-evaluated result may have (`valid_types`), else it stays a string.
enum ValidTypes: Sendable {
    case string, int, float, bool
    /// `(str, list)`: what request parameters and form bodies accept.
    case stringOrList

    func accepts(_ value: JinjaValue) -> Bool {
        switch self {
        case .string: return value.kind == .string
        // isinstance(True, int) is True in Python.
        case .int: return value.kind == .int || value.kind == .bool
        case .float: return value.kind == .float
        case .bool: return value.kind == .bool
        case .stringOrList: return value.kind == .string || value.kind == .list
        }
    }
}

/// The CDK's `JinjaInterpolation.eval`: render, fall back to the default on an undefined
/// error or an empty result, then parse the text back as a Python literal.
struct JinjaInterpolation: Sendable {
    /// The environment every template of a source renders in (its clock freezes `now_utc()` in tests).
    let environment: JinjaEnvironment

    static let aliases = ["stream_interval": "stream_slice", "stream_partition": "stream_slice"]

    /// A parsed template, or why it did not parse (reported when it is evaluated, as Jinja does).
    struct Compiled: Sendable {
        let source: String
        let template: Result<JinjaTemplate, TemplateError>
    }

    func compile(_ source: String) -> Compiled {
        Compiled(source: source, template: Result { () throws(TemplateError) in try environment.template(source) })
    }

    func eval(_ compiled: Compiled, config: JinjaValue, default defaultTemplate: Compiled?,
              validTypes: ValidTypes?, context: InterpolationContext) throws(TemplateError) -> JinjaValue {
        var full = context
        full["config"] = config
        for (alias, equivalent) in Self.aliases where full[alias] == nil {
            if let value = full[equivalent] { full[alias] = value }
        }
        if compiled.source.contains("stream_state") {
            throw TemplateError.unsupported("`stream_state` is no longer supported for interpolation. We recommend using `stream_interval` instead. Please reference the CDK Migration Guide for more information.")
        }
        do throws(TemplateError) {
            if let result = try render(compiled, full), !result.isEmpty {
                return literalEval(result, validTypes)
            }
        } catch where error.code == .undefined {
            // Falls back to the default below.
        }
        guard let defaultTemplate else { return .none }
        guard let rendered = try render(defaultTemplate, full) else { return .none }
        return literalEval(rendered, validTypes)
    }

    /// `_eval`: undeclared variables are an error; a `TypeError` returns the text unchanged.
    private func render(_ compiled: Compiled, _ context: InterpolationContext) throws(TemplateError) -> String? {
        let template = try compiled.template.get()
        let missing = template.undeclaredVariables.filter { context[$0] == nil }
        if !missing.isEmpty {
            throw TemplateError.undeclared(missing.sorted())
        }
        do throws(TemplateError) {
            return try template.render(context)
        } catch where error.code == .typeError {
            return compiled.source
        }
    }

    /// `_literal_eval`: a Python literal becomes its value (unless `valid_types` rejects it
    /// or it is complex); anything else stays the rendered string.
    func literalEval(_ text: String, _ validTypes: ValidTypes?) -> JinjaValue {
        guard let value = PythonLiteral.evaluate(text) else { return .string(text) }
        if let validTypes {
            return validTypes.accepts(value) ? value : .string(text)
        }
        return value
    }
}

extension TemplateError {
    static func undeclared(_ names: [String]) -> TemplateError {
        TemplateError(.undeclaredVariable, "Jinja macro has undeclared variables: {\(names.map { "'\($0)'" }.joined(separator: ", "))}")
    }

    static func unsupported(_ message: String) -> TemplateError {
        TemplateError(.unsupportedVariable, message)
    }
}
