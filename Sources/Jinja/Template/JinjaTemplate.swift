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
    /// The template text as given.
    public let source: String
    /// The environment it renders in.
    public let environment: JinjaEnvironment
    /// The variables the template reads but does not set itself, as
    /// `jinja2.meta.find_undeclared_variables` reports them (globals excluded).
    public let undeclaredVariables: Set<String>
    /// The text, when the template has no tags at all.
    public let plainText: String?

    let nodes: [Node]
    let text: SourceText

    /// Parses `source`; a `TemplateError` with code `.syntax` and the position otherwise.
    public init(_ source: String, environment: JinjaEnvironment = .airbyte()) throws(TemplateError) {
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

    /// Renders with these context variables. Errors carry the template and position.
    public func render(_ context: [String: JinjaValue] = [:]) throws(TemplateError) -> String {
        if let plainText { return plainText }
        var renderer = Renderer(environment: environment, context: context, text: text)
        do throws(TemplateError) {
            try renderer.render(nodes)
        } catch {
            throw error.located(template: source, location: nil)
        }
        return renderer.output
    }
}
