internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `RecordExpander` (a `DpathExtractor`'s `record_expander`): each extracted record becomes the
/// items of the arrays at `expand_records_from_field` (`dpath.values`, globs allowed). An object
/// item carries the parent's context, in the CDK's order: with `merge_parent` it is laid over a
/// copy of the parent without the expanded lists, then `parent_fields` are copied onto it, then
/// the parent is kept under `original_record` with `remain_original_record`; any other item is
/// `{"value": item}` with that context, or itself without any. A record that expands to nothing
/// is dropped, or emitted as it is with `on_no_records: emit_parent`; a record that is not an
/// object passes through. A truthy `truncation_indicator_path` without a retriever expands the
/// embedded items and warns once; `truncated_list_retriever` is refused.
struct RecordExpander: Sendable {
    let path: [InterpolatedString]
    let keepsOriginalRecord: Bool
    let emitsParentWhenEmpty: Bool
    let mergesParent: Bool
    let parentFields: [ParentFieldPath]
    let truncationIndicator: [InterpolatedString]
    let config: JinjaValue
    let events: any SourceEvents
    /// Whether the truncation warning was given: once per stream, as the CDK's instance does.
    let truncationWarning = OnceFlag()

    static let globCharacters: [Character] = ["*", "?", "["]

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["RecordExpander"], role: "record expander")
        guard let path = try node.stringList("expand_records_from_field") else {
            throw node.invalid("expand_records_from_field", "RecordExpander requires `expand_records_from_field`")
        }
        self.path = path.map { InterpolatedString($0, parameters: node.parameters, in: context.interpolation) }
        keepsOriginalRecord = try node.bool("remain_original_record", default: false)
        switch try node.optionalString("on_no_records") ?? "skip" {
        case "skip": emitsParentWhenEmpty = false
        case "emit_parent": emitsParentWhenEmpty = true
        case let other: throw node.invalid("on_no_records", "on_no_records must be skip or emit_parent, not `\(other)`")
        }
        mergesParent = try node.bool("merge_parent", default: false)
        config = context.configValue
        events = context.events
        var parentFields: [ParentFieldPath] = []
        for field in try node.componentList("parent_fields") {
            parentFields.append(try ParentFieldPath(field, context: context))
        }
        self.parentFields = parentFields
        truncationIndicator = (try node.stringList("truncation_indicator_path") ?? []).map {
            InterpolatedString($0, parameters: node.parameters, in: context.interpolation)
        }
        if node.has("truncated_list_retriever") {
            throw ManifestError(
                .unsupportedComponent, at: node.fieldPath("truncated_list_retriever"),
                "RecordExpander's truncated_list_retriever (a retriever per truncated record) is not supported natively yet; "
                    + "run this manifest with the Python CDK")
        }
        try Self.rejectGlobs(try Self.evaluate(truncationIndicator, config, at: node), "truncation_indicator_path", at: node)
    }

    static func evaluate(_ path: [InterpolatedString], _ config: JinjaValue, at node: ComponentNode) throws(ManifestError) -> [JinjaValue] {
        do {
            return try path.map { try $0.eval(config) }
        } catch {
            throw ManifestError(.invalidComponent, at: node.path, "\(error)")
        }
    }

    /// `_reject_globs`: a path that must name a single field.
    static func rejectGlobs(_ path: [JinjaValue], _ field: String, at node: ComponentNode) throws(ManifestError) {
        let hasGlob = path.contains { segment in
            segment.stringValue.map { text in text.contains { globCharacters.contains($0) } } ?? false
        }
        if hasGlob {
            throw node.invalid(
                field, "Glob characters ('*', '?', '[') are not supported in `\(field)`: the path must identify a single field.")
        }
    }

    /// `expand_records_from_field` evaluated with the config: once per response, as the
    /// extractor evaluates its own `field_path`.
    func segments() throws -> [String] {
        try path.map { try $0.eval(config).description }
    }

    /// Whether an item that is not an object is wrapped as `{"value": item}`.
    private var carriesParentContext: Bool { keepsOriginalRecord || !parentFields.isEmpty || mergesParent }

    /// Appends what `record` expands to, at the path's evaluated `segments`.
    func expand(_ record: JSONValue, at segments: [String], into records: inout [JSONValue]) throws {
        guard case .object = record, !segments.isEmpty else {
            records.append(record)
            return
        }
        let mergeBase = mergesParent ? Self.withoutExpandedLists(record, segments[...]) : nil
        let lists = Dpath.values(record, segments).compactMap(\.arrayValue)
        let embeddedCount = lists.reduce(0) { $0 + $1.count }
        if !truncationIndicator.isEmpty { try warnIfTruncated(record, segments: segments, embeddedCount: embeddedCount) }
        for items in lists {
            for item in items {
                switch item {
                case .object(let child): records.append(try withParentContext(record, child, mergeBase: mergeBase))
                default:
                    records.append(carriesParentContext ? try withParentContext(record, ["value": item], mergeBase: mergeBase) : item)
                }
            }
        }
        if embeddedCount == 0 && emitsParentWhenEmpty { records.append(record) }
    }

    /// `_apply_parent_context`: merged parent underneath, then named fields, then the parent.
    private func withParentContext(_ parent: JSONValue, _ child: JSONObject, mergeBase: JSONObject?) throws -> JSONValue {
        var result: JSONValue
        if var base = mergeBase {
            for (key, value) in child { base[key] = value }
            result = .object(base)
        } else {
            result = .object(child)
        }
        for field in parentFields { try field.copy(from: parent, onto: &result) }
        if keepsOriginalRecord, case .object(var object) = result {
            object["original_record"] = parent
            result = .object(object)
        }
        return result
    }

    /// `_without_expanded_list`: the parent without the lists the path matches (a match that
    /// is not a list stays); the containers on the way are copies, the rest is shared.
    static func withoutExpandedLists(_ parent: JSONValue, _ path: ArraySlice<String>) -> JSONObject {
        guard case .object(let object) = stripped(parent, path) else { return JSONObject() }
        return object
    }

    private static func stripped(_ node: JSONValue, _ path: ArraySlice<String>) -> JSONValue {
        guard let segment = path.first else { return node }
        let rest = path.dropFirst()
        switch node {
        case .object(var object):
            for key in object.keys where Glob.matches(key, segment) {
                guard let child = object[key] else { continue }
                if rest.isEmpty {
                    if case .array = child { object[key] = nil }
                } else {
                    object[key] = stripped(child, rest)
                }
            }
            return .object(object)
        case .array(var elements):
            // Right to left, so removing one element does not move the next one's index.
            for index in elements.indices.reversed() where Glob.matches(String(index), segment) {
                if rest.isEmpty {
                    if case .array = elements[index] { elements.remove(at: index) }
                } else {
                    elements[index] = stripped(elements[index], rest)
                }
            }
            return .array(elements)
        default:
            return node
        }
    }

    /// `_warn_truncated_without_retriever`: the indicator is truthy, so the embedded list is
    /// incomplete; said once per stream.
    private func warnIfTruncated(_ record: JSONValue, segments: [String], embeddedCount: Int) throws {
        let indicator = try truncationIndicator.map { try $0.eval(config) }
        guard let flag = try? Dpath.get(record, indicator.map(\.description)), ManifestTruthiness.isTruthy(flag) else { return }
        guard truncationWarning.setFirstTime() else { return }
        var total = ""
        if !indicator.isEmpty, case .number(let text)? = try? Dpath.get(record, indicator.dropLast().map(\.description) + ["total_count"]),
            let count = Int(text)
        {
            total = " of \(count) total"
        }
        events.log(
            .warning,
            "The nested list at \(JinjaValue.list(segments.map { .string($0) }).description) is marked as truncated (the field at "
                + "\(JinjaValue.list(indicator).description) is truthy) but no `truncated_list_retriever` is configured, so only the "
                + "\(embeddedCount) embedded item(s)\(total) were expanded and the remaining items are not emitted. Configure "
                + "`truncated_list_retriever` to fetch the complete list if the API provides an endpoint for it. This warning is "
                + "emitted once per stream; other records may be truncated as well.")
    }
}

/// `ParentFieldPath`: one value of the record being expanded copied onto each item. Both paths
/// are evaluated with the config once, name a single field, and may not be empty.
struct ParentFieldPath: Sendable {
    let parentPath: [JinjaValue]
    let recordPath: [JinjaValue]

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["ParentFieldPath"], role: "parent field")
        func path(_ field: String) throws(ManifestError) -> [JinjaValue] {
            let texts = try node.stringList(field) ?? []
            if texts.isEmpty { throw node.invalid(field, "`\(field)` cannot be empty.") }
            let path = try RecordExpander.evaluate(
                texts.map { InterpolatedString($0, parameters: node.parameters, in: context.interpolation) }, context.configValue, at: node)
            try RecordExpander.rejectGlobs(path, field, at: node)
            return path
        }
        parentPath = try path("parent_path")
        recordPath = try path("record_path")
    }

    /// `copy_onto`: the value at `parent_path` (null when missing) written at `record_path`,
    /// over whatever is there; a path through a scalar fails the sync.
    func copy(from parent: JSONValue, onto child: inout JSONValue) throws {
        let value = lookup(parent) ?? .null
        guard Dpath.new(&child, recordPath.map(\.jsonValue), value) else {
            let message =
                "Cannot write parent field to `record_path` \(JinjaValue.list(recordPath).description): the expanded item already holds "
                + "a non-object value on that path."
            throw SourceFailure(message: message, internalMessage: message, failureType: .configError)
        }
    }

    /// `_lookup`: a mapping key compared as text, a list index (negative from the end).
    private func lookup(_ record: JSONValue) -> JSONValue? {
        var value = record
        for segment in parentPath {
            switch value {
            case .object(let object):
                guard let next = object[segment.description] else { return nil }
                value = next
            case .array(let elements):
                guard let index = segment.intValue ?? Int(segment.description),
                    -elements.count <= index, index < elements.count
                else { return nil }
                value = elements[index < 0 ? elements.count + index : index]
            default:
                return nil
            }
        }
        return value
    }
}
