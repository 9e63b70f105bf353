/// A connection specification and the JSON Schema (draft-07) machinery the
/// validator, the default filler and the secret finder share.
import AirbyteProtocol

struct SchemaContext {
    /// The whole specification: what `$ref`s point into.
    let root: JSONValue

    /// `schema` with local `$ref`s (`#/definitions/x`) followed. A reference that
    /// leads nowhere, or around in circles, constrains nothing (`true`).
    func resolve(_ schema: JSONValue) -> JSONValue {
        var current = schema
        for _ in 0..<32 {
            guard case .object(let object) = current, let reference = object["$ref"]?.stringValue else {
                return current
            }
            guard reference.hasPrefix("#"), let target = pointee(of: String(reference.dropFirst())) else {
                return .bool(true)
            }
            current = target
        }
        return .bool(true)
    }

    /// The value a JSON pointer (`/definitions/x`) designates in ``root``.
    private func pointee(of pointer: String) -> JSONValue? {
        if pointer.isEmpty { return root }
        guard pointer.hasPrefix("/") else { return nil }
        var node = root
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(raw).replacing("~1", with: "/").replacing("~0", with: "~")
            switch node {
            case .object(let object):
                guard let next = object[token] else { return nil }
                node = next
            case .array(let elements):
                guard let index = Int(token), elements.indices.contains(index) else { return nil }
                node = elements[index]
            default:
                return nil
            }
        }
        return node
    }

    /// The `properties` whose schemas apply to the member `key` of an object
    /// validated by `schema`: its `properties` entry, matching
    /// `patternProperties`, or else `additionalProperties` when that is a schema.
    func schemas(forMember key: String, of schema: JSONObject) -> (schemas: [JSONValue], isDeclared: Bool) {
        var result: [JSONValue] = []
        if let declared = schema["properties"]?.objectValue?[key] { result.append(declared) }
        for (pattern, subschema) in schema["patternProperties"]?.objectValue ?? JSONObject() {
            if let regex = try? Regex(pattern), key.contains(regex) { result.append(subschema) }
        }
        if !result.isEmpty { return (result, true) }
        if let additional = schema["additionalProperties"], case .object = additional { return ([additional], false) }
        return ([], false)
    }

    /// The schemas that apply to each element of an array validated by `schema`.
    func schemas(forElementsOf count: Int, of schema: JSONObject) -> [JSONValue?] {
        switch schema["items"] {
        case .array(let tuple)?:
            let additional: JSONValue? =
                switch schema["additionalItems"] {
                case .object(let object)?: .object(object)
                default: nil
                }
            return (0..<count).map { $0 < tuple.count ? tuple[$0] : additional }
        case let items?:
            return Array(repeating: items, count: count)
        case nil:
            return Array(repeating: nil, count: count)
        }
    }
}
