internal import AirbyteProtocol
internal import DeclarativeManifest

/// `CombinedExtractor` (CDK 7.36): the records of several extractors over the same response.
/// `union` yields every extractor's records in declared order; `first_match` those of the first
/// extractor that yields a record. `skip_empty_records` drops falsy records (`None`, `{}`, `[]`,
/// `""`, …) first; they still count toward the page size, but do not make an extractor win.
struct CombinedExtractor: Sendable {
    enum Mode: String, Sendable {
        case union
        case firstMatch = "first_match"
    }

    let extractors: [RecordExtractor]
    let mode: Mode
    let skipsEmptyRecords: Bool
    let events: any SourceEvents

    init(_ node: ComponentNode, decoder: any ResponseDecoder, context: BuildContext) throws(ManifestError) {
        _ = try node.requireType(["CombinedExtractor"], role: "record extractor")
        // `_reject_combined_extractor_over_streaming_decoder`: each extractor decodes the body again.
        if decoder.isStreamResponse {
            throw node.invalid(
                "type",
                "CombinedExtractor is not supported with a streaming decoder (CsvDecoder, JsonlDecoder, JsonItemsDecoder, "
                    + "GzipDecoder, IterableDecoder): use JsonDecoder, XmlDecoder or ZipfileDecoder, or declare a single extractor.")
        }
        let nodes = try node.componentList("extractors")
        guard !nodes.isEmpty else {
            throw node.invalid("extractors", "CombinedExtractor requires at least one extractor in its `extractors` field.")
        }
        var extractors: [RecordExtractor] = []
        for extractor in nodes { extractors.append(try RecordExtractor(extractor, decoder: decoder, context: context)) }
        self.extractors = extractors
        let mode = try node.optionalString("mode") ?? "union"
        guard let parsed = Mode(rawValue: mode) else {
            throw node.invalid("mode", "'\(mode)' is not a valid CombineMode (union or first_match)")
        }
        self.mode = parsed
        skipsEmptyRecords = try node.bool("skip_empty_records", default: false)
        events = context.events
    }

    func extraction(_ response: HTTPResponse) throws -> RecordExtractor.Extraction {
        var combined = RecordExtractor.Extraction()
        for index in extractors.indices {
            let extraction = try extraction(of: index, response)
            switch mode {
            case .union:
                combined.records.append(contentsOf: extraction.records)
                combined.droppedEmptyRecords += extraction.droppedEmptyRecords
            case .firstMatch:
                if !extraction.records.isEmpty { return extraction }
            }
        }
        return combined
    }

    private func extraction(of index: Int, _ response: HTTPResponse) throws -> RecordExtractor.Extraction {
        var extraction = try extractors[index].extraction(response)
        guard skipsEmptyRecords else { return extraction }
        let before = extraction.records.count
        extraction.records.removeAll { !ManifestTruthiness.isTruthy($0) }
        let dropped = before - extraction.records.count
        if dropped > 0 {
            extraction.droppedEmptyRecords += dropped
            let kind = if case .combined = extractors[index] { "CombinedExtractor" } else { "DpathExtractor" }
            events.log(
                .warning,
                "CombinedExtractor dropped \(dropped) empty record(s) yielded by sub-extractor \(index) (\(kind)) because "
                    + "`skip_empty_records` is enabled. An API that returns empty records alongside real ones usually reports "
                    + "the reason in an error field of the response body.")
        }
        return extraction
    }
}
