public import AirbyteProtocol

/// Resolves `$ref` and `"#/…"` references exactly as the Python CDK's
/// `ManifestReferenceResolver` does.
///
/// - Every string that starts with `#/` is a reference, not only `$ref` values.
/// - `$ref` in a mapping merges: the referenced mapping, then the local keys, which win
///   (a shallow merge: a nested mapping is replaced, not merged). A `$ref` to a non-mapping
///   replaces the whole mapping and drops its siblings.
/// - A path is looked up from the root; at each level the whole remaining path is tried as
///   one key before splitting off the first `/` segment (so keys may contain `/`). A segment
///   that reads as an integer indexes a list.
/// - References inside a resolved target are resolved too; a cycle is an error.
/// - `config_overrides` holds config values, so its strings are never references.
public struct ManifestReferenceResolver: Sendable {
    public init() {}

    /// The manifest with every reference replaced by its target.
    public func preprocess(_ manifest: JSONObject) throws(ManifestError) -> JSONObject {
        var visited: Set<String> = []
        guard case .object(let resolved) = try evaluate(.object(manifest), manifest: manifest, visited: &visited, path: "") else {
            throw ManifestError(.invalidComponent, at: "", "The manifest's root must be a mapping")
        }
        return resolved
    }

    private static let fieldsHoldingConfigValues: Set<String> = ["config_overrides"]

    private func evaluate(_ node: JSONValue, manifest: JSONObject, visited: inout Set<String>, path: String) throws(ManifestError)
        -> JSONValue
    {
        switch node {
        case .object(let object):
            var evaluated = JSONObject()
            for (key, value) in object where key != "$ref" {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                evaluated[key] =
                    Self.fieldsHoldingConfigValues.contains(key)
                    ? value : try evaluate(value, manifest: manifest, visited: &visited, path: childPath)
            }
            guard let reference = object["$ref"] else { return .object(evaluated) }
            let target = try evaluate(reference, manifest: manifest, visited: &visited, path: path.isEmpty ? "$ref" : "\(path).$ref")
            guard case .object(var merged) = target else { return target }
            for (key, value) in evaluated { merged[key] = value }
            return .object(merged)
        case .array(let elements):
            var result: [JSONValue] = []
            result.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                result.append(try evaluate(element, manifest: manifest, visited: &visited, path: "\(path)[\(index)]"))
            }
            return .array(result)
        case .string(let text) where text.hasPrefix("#/"):
            if visited.contains(text) {
                throw ManifestError(.circularReference, at: path, "Circular reference: \(text) refers back to itself")
            }
            visited.insert(text)
            defer { visited.remove(text) }
            let target = try lookup(text, in: manifest, path: path)
            return try evaluate(target, manifest: manifest, visited: &visited, path: path)
        default:
            return node
        }
    }

    private func lookup(_ reference: String, in manifest: JSONObject, path: String) throws(ManifestError) -> JSONValue {
        var remaining = Substring(reference.dropFirst(2))
        var node = JSONValue.object(manifest)
        let undefined = ManifestError(
            .undefinedReference, at: path, "Undefined reference \(reference): nothing at that path in the manifest")
        while !remaining.isEmpty {
            // The whole remaining path as one key first.
            if case .object(let object) = node, let value = object[String(remaining)] {
                return value
            }
            let head: Substring
            if let slash = remaining.firstIndex(of: "/") {
                head = remaining[..<slash]
                remaining = remaining[remaining.index(after: slash)...]
            } else {
                head = remaining
                remaining = ""
            }
            switch node {
            case .object(let object):
                // Python looks the key up as an int when it parses as one; JSON keys are strings.
                guard Int(head) == nil, let value = object[String(head)] else { throw undefined }
                node = value
            case .array(let elements):
                guard let index = Int(head) else { throw undefined }
                let resolvedIndex = index < 0 ? elements.count + index : index
                guard elements.indices.contains(resolvedIndex) else { throw undefined }
                node = elements[resolvedIndex]
            default:
                throw undefined
            }
        }
        return node
    }
}
