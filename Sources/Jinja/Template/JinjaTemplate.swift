/// A parsed Jinja template: parse once, render many times, from any thread.
///
/// ```swift
/// let template = try JinjaTemplate("{{ config['base'] }}/items?since={{ now_utc().strftime('%Y-%m-%d') }}")
/// let url = try template.render(["config": JinjaValue(configJSON)])
/// ```
///
/// Rendering is Jinja's: each `{{ }}` renders Python's `str()` of its value,
/// undefined renders as nothing, one trailing newline of the template is dropped.
public struct JinjaTemplate: Sendable {
    /// The parsed template, shared by copies (a template is immutable).
    private final class Parsed: Sendable {
        let source: String
        let environment: JinjaEnvironment
        let undeclaredVariables: Set<String>
        let plainText: String?
        let nodes: [Node]
        let text: SourceText

        init(_ source: String, _ environment: JinjaEnvironment) throws(TemplateError) {
            self.source = source
            self.environment = environment
            text = SourceText(source)
            nodes = try Parser.parse(text)
            undeclaredVariables = VariableAnalysis.undeclared(in: nodes).subtracting(environment.globals.keys)
            if nodes.allSatisfy({ if case .text = $0.kind { return true } else { return false } }) {
                plainText = nodes.map { if case .text(let t) = $0.kind { return t } else { return "" } }.joined()
            } else {
                plainText = nil
            }
        }
    }

    private let parsed: Parsed

    /// The template text as given.
    public var source: String { parsed.source }
    /// The environment it renders in.
    public var environment: JinjaEnvironment { parsed.environment }
    /// The variables the template reads but does not set itself, as
    /// `jinja2.meta.find_undeclared_variables` reports them (globals excluded).
    public var undeclaredVariables: Set<String> { parsed.undeclaredVariables }
    /// The text, when the template has no tags at all.
    public var plainText: String? { parsed.plainText }

    var nodes: [Node] { parsed.nodes }
    var text: SourceText { parsed.text }

    /// Parses `source`; a `TemplateError` with code `.syntax` and the position otherwise.
    public init(_ source: String, environment: JinjaEnvironment = .airbyte()) throws(TemplateError) {
        parsed = try Parsed(source, environment)
    }

    /// Renders with these context variables. Errors carry the template and position.
    public func render(_ context: [String: JinjaValue] = [:]) throws(TemplateError) -> String {
        try render(context, overlay: Overlay())
    }

    /// Renders with `context` plus `overlay`, whose variables win (no copy of `context`).
    func render(_ context: [String: JinjaValue], overlay: Overlay) throws(TemplateError) -> String {
        let parsed = self.parsed
        if let plainText = parsed.plainText { return plainText }
        var renderer = Renderer(environment: parsed.environment, context: context, overlay: overlay, text: parsed.text)
        do throws(TemplateError) {
            try renderer.render(parsed.nodes)
        } catch {
            throw error.located(template: source, location: nil)
        }
        return renderer.output
    }
}
