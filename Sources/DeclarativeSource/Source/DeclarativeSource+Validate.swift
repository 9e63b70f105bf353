internal import AirbyteProtocol
public import DeclarativeManifest
internal import Jinja

extension DeclarativeSource {
    /// Every Jinja template of the manifest's components that does not parse, each as an
    /// error naming its path (`streams[0].retriever.requester.path`).
    ///
    /// The CDK parses a template only when it first evaluates it, so a syntax error (or an
    /// unknown filter) surfaces mid-sync; this finds them all up front. Strings outside
    /// components (the spec, the schemas, descriptions and titles) are not templates and
    /// are not checked.
    public func templateSyntaxErrors() -> [ManifestError] {
        let environment = JinjaEnvironment.airbyte(clock: JinjaClock(epochMicroseconds: options.now))
        var errors: [ManifestError] = []
        func visit(_ value: JSONValue, path: String, key: String?) {
            switch value {
            case .string(let text):
                guard text.contains("{{") || text.contains("{%") || text.contains("{#") else { return }
                do throws(TemplateError) {
                    _ = try environment.template(text)
                } catch {
                    errors.append(ManifestError(.invalidComponent, at: path, "The template does not parse: \(error)"))
                }
            case .array(let elements):
                for (index, element) in elements.enumerated() { visit(element, path: "\(path)[\(index)]", key: key) }
            case .object(let object):
                let isInlineSchema = object["type"]?.stringValue == "InlineSchemaLoader"
                for (field, element) in object {
                    if Self.nonTemplateFields.contains(field) || (isInlineSchema && field == "schema") { continue }
                    visit(element, path: path.isEmpty ? field : "\(path).\(field)", key: field)
                }
            default: break
            }
        }
        for field in ["streams", "dynamic_streams", "check"] {
            if let value = manifest.root[field] { visit(value, path: field, key: field) }
        }
        return errors
    }

    /// Fields that hold documentation or JSON schemas, never templates.
    private static let nonTemplateFields: Set<String> = ["description", "title", "examples", "json_schema", "metadata"]
}
