import Synchronization

/// A Python type a rendered value may be required to have (the CDK's `valid_types`),
/// with `isinstance` semantics: a `bool` is also an `int`.
public enum PythonType: Sendable, Hashable {
    case str, int, float, bool, list, dict, tuple, set, bytes, none

    func matches(_ value: JinjaValue) -> Bool {
        switch (self, value.storage) {
        case (.str, .string), (.float, .float), (.bool, .bool), (.list, .list), (.dict, .dict), (.tuple, .tuple),
            (.set, .set), (.bytes, .bytes), (.none, .none):
            return true
        case (.int, .int), (.int, .bigInt), (.int, .bool):
            return true
        default:
            return false
        }
    }
}

/// The Airbyte CDK's `JinjaInterpolation.eval`: render a template with `config` and
/// the caller's variables, then read the text back as a Python literal.
///
/// In detail, as the CDK does it:
/// - `stream_interval` and `stream_partition` are added as aliases of `stream_slice`
///   (passing them yourself is an error); a template mentioning `stream_state` fails
///   with ``TemplateError/Code/unsupportedVariable``;
/// - a variable the template reads that is neither in the context nor a global fails
///   with ``TemplateError/Code/undeclaredVariable``;
/// - a `TypeError` while rendering makes the result the template text itself;
/// - an empty result, or an `UndefinedError`, renders `default` instead (whose own
///   errors are not caught);
/// - the text becomes the literal it spells (`"5"` → `5`, `"['a']"` → a list, `"007"`
///   stays text) when it is one, is not complex and has one of `validTypes` (when
///   given); otherwise it stays text.
///
/// Templates are parsed once and cached; the type is safe to share between threads.
public final class JinjaInterpolation: Sendable {
    /// The environment templates render in.
    public let environment: JinjaEnvironment
    private let cache = Mutex<[String: Result<JinjaTemplate, TemplateError>]>([:])

    public init(environment: JinjaEnvironment = .airbyte()) {
        self.environment = environment
    }

    /// The parsed template for `source`, cached.
    public func template(_ source: String) throws(TemplateError) -> JinjaTemplate {
        try parsed(source).get()
    }

    func parsed(_ source: String) -> Result<JinjaTemplate, TemplateError> {
        if let cached = cache.withLock({ $0[source] }) { return cached }
        let result: Result<JinjaTemplate, TemplateError>
        do throws(TemplateError) {
            result = .success(try JinjaTemplate(source, environment: environment))
        } catch {
            result = .failure(error)
        }
        cache.withLock { cache in
            if cache.count > 10_000 { cache.removeAll() }
            cache[source] = result
        }
        return result
    }

    /// `JinjaInterpolation().eval(input, config, default, valid_types, **variables)`.
    public func eval(
        _ input: String, config: JinjaValue, default defaultSource: String? = nil,
        validTypes: Set<PythonType>? = nil, variables: [String: JinjaValue] = [:]
    ) throws(TemplateError) -> JinjaValue {
        try Self.evaluate(
            input: (input, parsed(input)), default: defaultSource.map { ($0, parsed($0)) },
            config: config, validTypes: validTypes, variables: variables)
    }

    /// The CDK's algorithm on already parsed templates (see the type's documentation).
    /// `parameters`, when given, is the component's `$parameters` (`parameters=` in the CDK).
    static func evaluate(
        input: (source: String, template: Result<JinjaTemplate, TemplateError>),
        default defaultTemplate: (source: String, template: Result<JinjaTemplate, TemplateError>)?,
        config: JinjaValue, parameters: JinjaValue? = nil, validTypes: Set<PythonType>?,
        variables: [String: JinjaValue], mentionsStreamState: Bool? = nil
    ) throws(TemplateError) -> JinjaValue {
        // {"config": config, **variables}, parameters, and the aliases of stream_slice,
        // as an overlay on the caller's dictionary rather than a copy of it.
        var overlay = Overlay()
        overlay.parameters = parameters
        if variables["config"] == nil { overlay.config = config }
        if variables["stream_interval"] != nil || variables["stream_partition"] != nil {
            let alias = variables["stream_interval"] != nil ? "stream_interval" : "stream_partition"
            throw TemplateError(
                .valueError,
                "Found reserved keyword \(alias) in interpolation context. This is unexpected and indicative of a bug in the CDK.")
        }
        overlay.streamSlice = variables["stream_slice"]
        if mentionsStreamState ?? input.source.containsText("stream_state") {
            throw TemplateError(
                .unsupportedVariable,
                "`stream_state` is no longer supported for interpolation. We recommend using `stream_interval` instead. Please reference the CDK Migration Guide for more information.",
                template: input.source)
        }
        do throws(TemplateError) {
            if let rendered = try render(input.source, input.template, variables, overlay), !rendered.isEmpty {
                return literal(rendered, validTypes)
            }
        } catch  where error.code == .undefined {
            // Fall back to the default, as the CDK does.
        }
        guard let defaultTemplate else { return .none }
        guard let rendered = try render(defaultTemplate.source, defaultTemplate.template, variables, overlay) else { return .none }
        return literal(rendered, validTypes)
    }

    /// The CDK's `_eval`: undeclared variables fail; a `TypeError` gives the source back.
    private static func render(
        _ source: String, _ parsed: Result<JinjaTemplate, TemplateError>,
        _ variables: [String: JinjaValue], _ overlay: Overlay
    ) throws(TemplateError) -> String? {
        let template = try parsed.get()
        for name in template.undeclaredVariables where variables[name] == nil && overlay[name] == nil {
            let missing = template.undeclaredVariables.filter { variables[$0] == nil && overlay[$0] == nil }
            throw TemplateError(
                .undeclaredVariable,
                "Jinja macro has undeclared variables: {\(missing.sorted().map { JinjaValue.stringRepr($0) }.joined(separator: ", "))}",
                template: source)
        }
        do throws(TemplateError) {
            return try template.render(variables, overlay: overlay)
        } catch  where error.code == .typeError {
            return source
        }
    }

    /// The CDK's `_literal_eval`.
    static func literal(_ text: String, _ validTypes: Set<PythonType>?) -> JinjaValue {
        guard let value = PythonLiteral.evaluate(text) else { return .string(text) }
        if let validTypes, !validTypes.contains(where: { $0.matches(value) }) { return .string(text) }
        return value
    }
}
