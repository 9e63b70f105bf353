/// The CDK's `InterpolatedString`: a manifest string parsed once, evaluated per
/// request or record with ``JinjaInterpolation``'s rules. The default is the string
/// itself unless one is given, and `parameters` (the component's `$parameters`) is
/// always in the context.
///
/// A template with a syntax error fails when evaluated, not when built, as in the CDK.
public struct InterpolatedString: Sendable {
    /// What one string parses to, shared by copies.
    private final class State: Sendable {
        let string: String
        let defaultString: String
        let parameters: JinjaValue
        let template: Result<JinjaTemplate, TemplateError>
        let defaultTemplate: Result<JinjaTemplate, TemplateError>
        /// For text without tags: its literal value (or the text), the same on every call.
        let constant: JinjaValue?
        let plainText: String?
        let mentionsStreamState: Bool

        init(_ string: String, _ defaultString: String, _ parameters: JinjaValue, _ environment: JinjaEnvironment) {
            self.string = string
            self.defaultString = defaultString
            self.parameters = parameters
            template = InterpolatedString.parse(string, environment)
            mentionsStreamState = string.containsText("stream_state")
            defaultTemplate = defaultString == string ? template : InterpolatedString.parse(defaultString, environment)
            if case .success(let parsed) = template, let text = parsed.plainText, !text.isEmpty, !mentionsStreamState {
                constant = JinjaInterpolation.literal(text, nil)
                plainText = text
            } else {
                constant = nil
                plainText = nil
            }
        }
    }

    private let state: State

    /// The manifest text.
    public var string: String { state.string }
    /// The text rendered when the result is empty or undefined.
    public var defaultString: String { state.defaultString }
    /// The component's `$parameters`.
    public var parameters: JinjaValue { state.parameters }

    var templateResult: Result<JinjaTemplate, TemplateError> { state.template }

    /// - Parameters:
    ///   - string: the manifest text, `{{ }}` and `{% %}` included.
    ///   - default: the fallback text; `nil` or empty means `string` itself.
    ///   - parameters: the component's `$parameters`, visible as `parameters`.
    public init(
        _ string: String, default: String? = nil, parameters: JinjaValue = [:],
        environment: JinjaEnvironment = .airbyte()
    ) {
        let defaultString = (`default`?.isEmpty ?? true) ? string : `default`!
        state = State(string, defaultString, parameters, environment)
    }

    static func parse(_ source: String, _ environment: JinjaEnvironment) -> Result<JinjaTemplate, TemplateError> {
        do throws(TemplateError) {
            return .success(try JinjaTemplate(source, environment: environment))
        } catch {
            return .failure(error)
        }
    }

    /// Whether the string has no template tags (it evaluates the same every time).
    public var isPlainString: Bool { state.constant != nil }

    /// Whether the result depends on nothing but `config` (and the fixed `parameters`): the
    /// template and its default read no other variable, call no macro and use only pure
    /// filters, so a caller with a fixed config may evaluate it once.
    public var readsOnlyConfig: Bool { readsOnly(["config", "parameters"]) }

    /// Whether the value depends only on the config, the component's parameters and the
    /// stream slice (under any of its names): the same for every page of a slice.
    public var readsOnlyConfigAndSlice: Bool {
        readsOnly(["config", "parameters", "stream_slice", "stream_partition", "stream_interval"])
    }

    /// Whether the template and its default render the same text whenever `variables` do.
    private func readsOnly(_ variables: Set<String>) -> Bool {
        let state = self.state
        guard !state.mentionsStreamState, case .success(let template) = state.template,
            case .success(let defaultTemplate) = state.defaultTemplate
        else { return false }
        return template.readsOnly(variables) && defaultTemplate.readsOnly(variables)
    }

    /// Evaluates with `config` and the caller's variables (`stream_slice`,
    /// `next_page_token`, `record`, `response`, ...).
    public func eval(
        _ config: JinjaValue, _ variables: [String: JinjaValue] = [:],
        validTypes: Set<PythonType>? = nil
    ) throws(TemplateError) -> JinjaValue {
        let state = self.state
        if let constant = state.constant, let plainText = state.plainText {
            guard let validTypes else { return constant }
            return JinjaInterpolation.literal(plainText, validTypes)
        }
        return try JinjaInterpolation.evaluate(
            input: (state.string, state.template), default: (state.defaultString, state.defaultTemplate),
            config: config, parameters: state.parameters, validTypes: validTypes,
            variables: variables, mentionsStreamState: state.mentionsStreamState)
    }

    /// Evaluates and renders the result as Python's `str()` would, for places where the
    /// CDK formats the value into text (URLs, header values).
    public func evalString(_ config: JinjaValue, _ variables: [String: JinjaValue] = [:]) throws(TemplateError) -> String {
        try eval(config, variables).description
    }
}
