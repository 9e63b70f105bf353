/// The CDK's `InterpolatedString`: a manifest string parsed once, evaluated per
/// request or record with ``JinjaInterpolation``'s rules. The default is the string
/// itself unless one is given, and `parameters` (the component's `$parameters`) is
/// always in the context.
///
/// A template with a syntax error fails when evaluated, not when built, as in the CDK.
public struct InterpolatedString: Sendable {
    /// The manifest text.
    public let string: String
    /// The text rendered when the result is empty or undefined.
    public let defaultString: String
    /// The component's `$parameters`.
    public let parameters: JinjaValue

    let templateResult: Result<JinjaTemplate, TemplateError>
    private let defaultTemplate: Result<JinjaTemplate, TemplateError>
    /// For text without tags: its literal value (or the text), the same on every call.
    private let constant: JinjaValue?
    private let plainText: String?

    /// - Parameters:
    ///   - string: the manifest text, `{{ }}` and `{% %}` included.
    ///   - default: the fallback text; `nil` or empty means `string` itself.
    ///   - parameters: the component's `$parameters`, visible as `parameters`.
    public init(_ string: String, default: String? = nil, parameters: JinjaValue = [:],
                environment: JinjaEnvironment = .airbyte()) {
        self.string = string
        self.defaultString = (`default`?.isEmpty ?? true) ? string : `default`!
        self.parameters = parameters
        templateResult = Self.parse(string, environment)
        defaultTemplate = defaultString == string ? templateResult : Self.parse(defaultString, environment)
        if case .success(let parsed) = templateResult, let text = parsed.plainText, !text.isEmpty, !string.contains("stream_state") {
            constant = JinjaInterpolation.literal(text, nil)
            plainText = text
        } else {
            constant = nil
            plainText = nil
        }
    }

    static func parse(_ source: String, _ environment: JinjaEnvironment) -> Result<JinjaTemplate, TemplateError> {
        do throws(TemplateError) {
            return .success(try JinjaTemplate(source, environment: environment))
        } catch {
            return .failure(error)
        }
    }

    /// Whether the string has no template tags (it evaluates the same every time).
    public var isPlainString: Bool { constant != nil }

    /// Evaluates with `config` and the caller's variables (`stream_slice`,
    /// `next_page_token`, `record`, `response`, ...).
    public func eval(_ config: JinjaValue, _ variables: [String: JinjaValue] = [:],
                     validTypes: Set<PythonType>? = nil) throws(TemplateError) -> JinjaValue {
        if let constant, let plainText {
            guard let validTypes else { return constant }
            return JinjaInterpolation.literal(plainText, validTypes)
        }
        var context = variables
        context["parameters"] = parameters
        return try JinjaInterpolation.evaluate(input: (string, templateResult), default: (defaultString, defaultTemplate),
                                               config: config, validTypes: validTypes, variables: context)
    }

    /// Evaluates and renders the result as Python's `str()` would, for places where the
    /// CDK formats the value into text (URLs, header values).
    public func evalString(_ config: JinjaValue, _ variables: [String: JinjaValue] = [:]) throws(TemplateError) -> String {
        try eval(config, variables).description
    }
}
