internal import AirbyteProtocol
internal import DeclarativeManifest

/// A component of the resolved manifest and where it sits, with typed field access that
/// fails with a ``ManifestError`` naming the field's path (as pydantic's validation of the
/// CDK's models does).
struct ComponentNode: Sendable {
    let object: JSONObject
    let path: String

    init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    var type: String? { object["type"]?.stringValue }

    /// The component's propagated `$parameters`.
    var parameters: JSONObject { object["$parameters"]?.objectValue ?? JSONObject() }

    func fieldPath(_ field: String) -> String { path.isEmpty ? field : "\(path).\(field)" }

    func invalid(_ field: String, _ message: String) -> ManifestError {
        ManifestError(.invalidComponent, at: fieldPath(field), message)
    }

    func has(_ field: String) -> Bool {
        if let value = object[field], value != .null { return true }
        return false
    }

    subscript(field: String) -> JSONValue? {
        guard let value = object[field], value != .null else { return nil }
        return value
    }

    func string(_ field: String) throws(ManifestError) -> String {
        guard let value = try optionalString(field) else {
            throw invalid(field, "\(type ?? "component") requires `\(field)`")
        }
        return value
    }

    /// A string field; numbers and booleans are accepted as their text (pydantic coerces them).
    func optionalString(_ field: String) throws(ManifestError) -> String? {
        switch self[field] {
        case nil: return nil
        case .string(let text): return text
        case .number(let text): return text
        case .bool(let flag): return flag ? "True" : "False"
        default: throw invalid(field, "`\(field)` must be a string")
        }
    }

    func bool(_ field: String, default defaultValue: Bool) throws(ManifestError) -> Bool {
        switch self[field] {
        case nil: return defaultValue
        case .bool(let flag): return flag
        case .string(let text) where ["true", "false"].contains(text.lowercased()): return text.lowercased() == "true"
        case .number(let text) where text == "0" || text == "1": return text == "1"
        default: throw invalid(field, "`\(field)` must be a boolean")
        }
    }

    func optionalInt(_ field: String) throws(ManifestError) -> Int? {
        switch self[field] {
        case nil: return nil
        case .number(let text):
            if let int = Int(text) { return int }
            if let double = Double(text), double.rounded() == double { return Int(double) }
            throw invalid(field, "`\(field)` must be an integer")
        case .string(let text):
            guard let int = Int(text) else { throw invalid(field, "`\(field)` must be an integer") }
            return int
        default: throw invalid(field, "`\(field)` must be an integer")
        }
    }

    func optionalDouble(_ field: String) throws(ManifestError) -> Double? {
        switch self[field] {
        case nil: return nil
        case .number(let text): return Double(text)
        case .string(let text):
            guard let double = Double(text) else { throw invalid(field, "`\(field)` must be a number") }
            return double
        default: throw invalid(field, "`\(field)` must be a number")
        }
    }

    /// A list of strings (each element as text).
    func stringList(_ field: String) throws(ManifestError) -> [String]? {
        guard let value = self[field] else { return nil }
        guard case .array(let elements) = value else {
            if case .string(let single) = value { return [single] }
            throw invalid(field, "`\(field)` must be a list")
        }
        var result: [String] = []
        for element in elements {
            switch element {
            case .string(let text): result.append(text)
            case .number(let text): result.append(text)
            case .bool(let flag): result.append(flag ? "True" : "False")
            default: throw invalid(field, "`\(field)` must be a list of strings")
            }
        }
        return result
    }

    func component(_ field: String) throws(ManifestError) -> ComponentNode? {
        guard let value = self[field] else { return nil }
        guard case .object(let object) = value else { throw invalid(field, "`\(field)` must be a component (a mapping)") }
        return ComponentNode(object, path: fieldPath(field))
    }

    func requiredComponent(_ field: String) throws(ManifestError) -> ComponentNode {
        guard let node = try component(field) else { throw invalid(field, "\(type ?? "component") requires `\(field)`") }
        return node
    }

    func componentList(_ field: String) throws(ManifestError) -> [ComponentNode] {
        guard let value = self[field] else { return [] }
        guard case .array(let elements) = value else {
            if case .object(let object) = value { return [ComponentNode(object, path: fieldPath(field))] }
            throw invalid(field, "`\(field)` must be a list of components")
        }
        var nodes: [ComponentNode] = []
        for (index, element) in elements.enumerated() {
            guard case .object(let object) = element else {
                throw invalid("\(field)[\(index)]", "`\(field)` must hold components (mappings)")
            }
            nodes.append(ComponentNode(object, path: "\(fieldPath(field))[\(index)]"))
        }
        return nodes
    }

    /// Refuses a component type this engine cannot run: `Custom*` components and anything
    /// with `class_name` need Python code.
    func requireType(_ allowed: Set<String>, role: String) throws(ManifestError) -> String {
        let name = type
        if object["class_name"] != nil || (name?.hasPrefix("Custom") ?? false) {
            let className = object["class_name"]?.stringValue.map { " (`\($0)`)" } ?? ""
            throw ManifestError(
                .unsupportedComponent, at: path,
                "\(name ?? "A custom component")\(className) needs Python code and cannot run natively; run this manifest with the Python CDK"
            )
        }
        guard let name else { throw ManifestError(.invalidComponent, at: path, "The \(role) has no `type`") }
        guard allowed.contains(name) else {
            throw ManifestError(
                .unsupportedComponent, at: path,
                "\(name) is not supported as \(role) (supported: \(allowed.sorted().joined(separator: ", ")))")
        }
        return name
    }
}
