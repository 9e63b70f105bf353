internal import AirbyteProtocol
internal import DeclarativeManifest

/// A record selector's `extractor`: a `DpathExtractor`, or a `CombinedExtractor` of extractors.
indirect enum RecordExtractor: Sendable {
    case dpath(DpathExtractor)
    case combined(CombinedExtractor)

    /// What one response yields: the records, and the empty records a `CombinedExtractor` with
    /// `skip_empty_records` dropped, which still count toward the page size.
    struct Extraction {
        var records: [JSONValue] = []
        var droppedEmptyRecords = 0
        /// How many records the page counts: the API returned the dropped ones as slots of the page.
        var count: Int { records.count + droppedEmptyRecords }
    }

    init(_ node: ComponentNode, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        switch try node.requireType(["DpathExtractor", "CombinedExtractor"], role: "record extractor") {
        case "CombinedExtractor": self = .combined(try CombinedExtractor(node, decoder: decoder, context: context))
        default: self = .dpath(try DpathExtractor(node, decoder: decoder, context: context))
        }
    }

    /// The records of `response`.
    func extract(_ response: HTTPResponse) throws -> [JSONValue] {
        try extraction(response).records
    }

    /// The records of `response` with the dropped empty ones counted, as the CDK's
    /// `RecordSelector` counts a page for its paginator.
    func extraction(_ response: HTTPResponse) throws -> Extraction {
        switch self {
        case .dpath(let extractor): Extraction(records: try extractor.extract(response))
        case .combined(let extractor): try extractor.extraction(response)
        }
    }

    /// The plain `DpathExtractor`, when that is what this is: the raw record path reads only those.
    var dpath: DpathExtractor? {
        if case .dpath(let extractor) = self { return extractor }
        return nil
    }

    /// Whether a `union` is anywhere in the tree: its count is a sum over extractors, which an
    /// `OffsetIncrement` would add to its offset and so skip records.
    var containsUnion: Bool {
        guard case .combined(let extractor) = self else { return false }
        return extractor.mode == .union || extractor.extractors.contains(where: \.containsUnion)
    }
}
