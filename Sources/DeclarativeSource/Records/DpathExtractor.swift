internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `DpathExtractor`: the records at `field_path` of each decoded body (a list yields its
/// elements, an object itself, nothing else nothing); `*` segments use `dpath.values`.
struct DpathExtractor: Sendable {
    let fieldPath: [InterpolatedString]
    let decoder: any ResponseDecoder
    let config: JinjaValue

    init(_ node: ComponentNode, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["DpathExtractor"], role: "record extractor")
        let path = try node.stringList("field_path") ?? []
        fieldPath = path.map { InterpolatedString($0, parameters: node.parameters, in: context.interpolation) }
        self.decoder = decoder
        config = context.configValue
        if node.has("record_expander") {
            throw ManifestError(.unsupportedComponent, at: node.fieldPath("record_expander"), "RecordExpander is not supported yet")
        }
    }

    func extract(_ response: HTTPResponse) throws -> [JSONValue] {
        var records: [JSONValue] = []
        let path = try fieldPath.map { try $0.eval(config).description }
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
            case .array(let elements): records.append(contentsOf: elements)
            default:
                if ManifestTruthiness.isTruthy(extracted) { records.append(extracted) }
            }
        }
        return records
    }
}
