internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `DpathExtractor`: the records at `field_path` of each decoded body (a list yields its
/// elements, an object itself, nothing else nothing); `*` segments use `dpath.values`. A
/// `record_expander` then expands each record.
struct DpathExtractor: Sendable {
    let fieldPath: [InterpolatedString]
    let decoder: any ResponseDecoder
    let config: JinjaValue
    /// Turns each extracted record into the items of its nested arrays.
    let expander: RecordExpander?

    init(_ node: ComponentNode, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["DpathExtractor"], role: "record extractor")
        let path = try node.stringList("field_path") ?? []
        fieldPath = path.map { InterpolatedString($0, parameters: node.parameters, in: context.interpolation) }
        self.decoder = decoder
        config = context.configValue
        expander = try node.component("record_expander").map { expander throws(ManifestError) in
            try RecordExpander(expander, context: context)
        }
    }

    func extract(_ response: HTTPResponse) throws -> [JSONValue] {
        var records: [JSONValue] = []
        let path = try fieldPath.map { try $0.eval(config).description }
        let expansion = try expander.map { expander in (expander, try expander.segments()) }
        for body in try response.decoded(by: decoder) {
            let extracted: JSONValue
            if path.isEmpty {
                extracted = body
            } else if path.contains("*") {
                extracted = .array(Dpath.values(body, path))
            } else {
                extracted = (try? Dpath.get(body, path)) ?? .array([])
            }
            switch extracted {
            case .array(let elements):
                guard let (expander, segments) = expansion else {
                    records.append(contentsOf: elements)
                    continue
                }
                for element in elements { try expander.expand(element, at: segments, into: &records) }
            default:
                guard ManifestTruthiness.isTruthy(extracted) else { continue }
                if let (expander, segments) = expansion {
                    try expander.expand(extracted, at: segments, into: &records)
                } else {
                    records.append(extracted)
                }
            }
        }
        return records
    }
}
