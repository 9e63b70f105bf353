internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// Where a request option goes (`RequestOptionType`).
enum RequestOptionKind: String, Sendable {
    case requestParameter = "request_parameter"
    case header
    case bodyData = "body_data"
    case bodyJSON = "body_json"
}

/// One request's options of one kind from one provider: a mapping, or (for form bodies and
/// headers written as one template) a string.
enum RequestInput: Sendable {
    case mapping([(key: String, value: JinjaValue)])
    case text(String)

    static let empty = RequestInput.mapping([])

    var isEmpty: Bool {
        switch self {
        case .mapping(let items): return items.isEmpty
        case .text: return false
        }
    }

    var items: [(key: String, value: JinjaValue)] {
        if case .mapping(let items) = self { return items }
        return []
    }

    /// `combine_mappings`: merges providers' options; a key twice is an error (for JSON bodies,
    /// only when the values differ; nested objects merge). One string may stand alone.
    static func combine(_ inputs: [RequestInput], allowSameValueMerge: Bool = false) throws(RequestOptionsError) -> RequestInput {
        // Counted rather than collected: every request combines four groups of options.
        var text: String?
        var textCount = 0
        var nonEmptyCount = 0
        for input in inputs {
            if case .text(let value) = input {
                text = value
                textCount += 1
            }
            if !input.isEmpty { nonEmptyCount += 1 }
        }
        if textCount > 1 { throw RequestOptionsError("Cannot combine multiple string options") }
        if let text {
            if nonEmptyCount > 1 { throw RequestOptionsError("Cannot combine multiple options if one is a string") }
            return .text(text)
        }
        var result: [(key: String, value: JinjaValue)] = []
        for input in inputs where !input.isEmpty {
            for item in input.items {
                try merge(item.key, item.value, into: &result, path: [], allowSameValueMerge: allowSameValueMerge)
            }
        }
        return .mapping(result)
    }

    private static func merge(
        _ key: String, _ value: JinjaValue, into target: inout [(key: String, value: JinjaValue)],
        path: [String], allowSameValueMerge: Bool
    ) throws(RequestOptionsError) {
        guard let index = target.firstIndex(where: { $0.key == key }) else {
            target.append((key, value))
            return
        }
        let currentPath = path + [key]
        let existing = target[index].value
        let collision = RequestOptionsError(
            "Request body collision, duplicate keys detected at key path: \(currentPath.joined(separator: ".")). Please ensure that all keys in the request are unique."
        )
        if existing.kind == .dict, value.kind == .dict {
            if !allowSameValueMerge { throw collision }
            var nested = (existing.dictItems ?? []).map { (key: $0.key.description, value: $0.value) }
            for item in value.dictItems ?? [] {
                try merge(item.key.description, item.value, into: &nested, path: currentPath, allowSameValueMerge: true)
            }
            target[index].value = .dict(nested.map { ($0.key, $0.value) })
        } else if !allowSameValueMerge || existing != value {
            throw collision
        }
    }
}

/// A request option the manifest defines inconsistently (colliding keys, a string body and
/// a mapping at once, an object as a query parameter value).
struct RequestOptionsError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The CDK's `RequestOption`: inject a value under `field_name` (or, for JSON bodies, at
/// `field_path`) into one part of the request.
struct RequestOption: Sendable {
    let injectInto: RequestOptionKind
    private let fieldName: InterpolatedString?
    private let fieldPath: [InterpolatedString]?

    init(_ node: ComponentNode, context: BuildContext, parameters: JSONObject? = nil) throws(ManifestError) {
        let kindText = try node.string("inject_into")
        guard let kind = RequestOptionKind(rawValue: kindText) else {
            throw node.invalid(
                "inject_into", "`inject_into` must be one of request_parameter, header, body_data, body_json (not \(kindText))")
        }
        injectInto = kind
        let parameters = parameters ?? node.parameters
        let name = try node.optionalString("field_name")
        let path = try node.stringList("field_path")
        if name == nil && path == nil { throw node.invalid("field_name", "RequestOption requires either a field_name or field_path") }
        if name != nil && path != nil {
            throw node.invalid("field_path", "Only one of field_name or field_path can be provided to RequestOption")
        }
        if path != nil && kind != .bodyJSON {
            throw node.invalid(
                "field_path",
                "Nested field injection is only supported for body JSON injection. Please use a top-level field_name for other injection types."
            )
        }
        fieldName = name.map { InterpolatedString($0, parameters: parameters, in: context.interpolation) }
        fieldPath = path?.map { InterpolatedString($0, parameters: parameters, in: context.interpolation) }
    }

    init(injectInto: RequestOptionKind, fieldName: String, context: BuildContext, parameters: JSONObject) {
        self.injectInto = injectInto
        self.fieldName = InterpolatedString(fieldName, parameters: parameters, in: context.interpolation)
        fieldPath = nil
    }

    /// `inject_into_request`: sets `value` in `target`.
    func inject(into target: inout [(key: String, value: JinjaValue)], value: JinjaValue, config: JinjaValue) throws(TemplateError) {
        if let fieldPath {
            var segments: [String] = []
            for segment in fieldPath { segments.append(try segment.eval(config).description) }
            guard let first = segments.first else { return }
            let nested = Self.nest(Array(segments.dropFirst()), value, into: target.first(where: { $0.key == first })?.value)
            if let index = target.firstIndex(where: { $0.key == first }) {
                target[index].value = nested
            } else {
                target.append((first, nested))
            }
        } else if let fieldName {
            let key = try fieldName.eval(config).description
            if let index = target.firstIndex(where: { $0.key == key }) { target[index].value = value } else { target.append((key, value)) }
        }
    }

    private static func nest(_ path: [String], _ value: JinjaValue, into existing: JinjaValue?) -> JinjaValue {
        guard let first = path.first else { return value }
        var items = (existing?.kind == .dict ? existing?.dictItems : nil) ?? []
        let child = items.first(where: { $0.key.description == first })?.value
        let nested = nest(Array(path.dropFirst()), value, into: child)
        if let index = items.firstIndex(where: { $0.key.description == first }) {
            items[index].value = nested
        } else {
            items.append((.string(first), nested))
        }
        return .dict(items.map { ($0.key, $0.value) })
    }
}
