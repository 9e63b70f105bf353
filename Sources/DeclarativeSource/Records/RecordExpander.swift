internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `RecordExpander` (a `DpathExtractor`'s `record_expander`): each extracted record becomes the
/// items of the arrays at `expand_records_from_field` (`dpath.values`, globs allowed), an object
/// item copied with the parent under `original_record` when `remain_original_record` is set, any
/// other item as it is (or `{"value": item, "original_record": parent}`). A record that expands to
/// nothing is dropped, or emitted as it is with `on_no_records: emit_parent`; a record that is not
/// an object passes through.
struct RecordExpander: Sendable {
    let path: [InterpolatedString]
    let keepsOriginalRecord: Bool
    let emitsParentWhenEmpty: Bool
    let config: JinjaValue

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
        config = context.configValue
    }

    /// `expand_records_from_field` evaluated with the config: once per response, as the
    /// extractor evaluates its own `field_path`.
    func segments() throws -> [String] {
        try path.map { try $0.eval(config).description }
    }

    /// Appends what `record` expands to, at the path's evaluated `segments`.
    func expand(_ record: JSONValue, at segments: [String], into records: inout [JSONValue]) {
        guard case .object = record, !segments.isEmpty else {
            records.append(record)
            return
        }
        var expandedAny = false
        for case .array(let items) in Dpath.values(record, segments) {
            for item in items {
                expandedAny = true
                switch item {
                case .object(var child):
                    if keepsOriginalRecord { child["original_record"] = record }
                    records.append(.object(child))
                default:
                    records.append(keepsOriginalRecord ? .object(["value": item, "original_record": record]) : item)
                }
            }
        }
        if !expandedAny && emitsParentWhenEmpty { records.append(record) }
    }
}
