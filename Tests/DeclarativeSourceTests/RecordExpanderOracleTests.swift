import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// A `DpathExtractor` with a `record_expander` against the Python CDK's own (built by its
/// `ModelToComponentFactory`): the same bodies must give the same records, in the same order
/// with the same key order.
@Suite struct RecordExpanderOracleTests {
    static let config: JSONValue = ["nested": "lines"]

    /// (extractor definition, response body)
    static let cases: [(String, String)] = [
        (
            extractor(["data"], expander: #""expand_records_from_field": ["lines", "data"]"#),
            #"{"data": [{"id": 1, "lines": {"data": [{"sku": "a"}, {"sku": "b"}]}}, {"id": 2, "lines": {"data": []}}]}"#
        ),
        // The parent kept under `original_record`, for object and scalar items.
        (
            extractor(["data"], expander: #""expand_records_from_field": ["items"], "remain_original_record": true"#),
            #"{"data": [{"id": 1, "items": [{"sku": "a", "original_record": "theirs"}, 7, null]}]}"#
        ),
        // Globs across arrays and keys; a template of the config.
        (
            extractor(["data"], expander: #""expand_records_from_field": ["sections", "*", "it*"]"#),
            #"{"data": [{"sections": [{"items": [{"n": 1}]}, {"its": [{"n": 2}, {"n": 3}]}, {"other": [{"n": 9}]}]}]}"#
        ),
        (
            extractor(["data"], expander: #""expand_records_from_field": ["{{ config['nested'] }}"]"#),
            #"{"data": [{"lines": [{"x": 1}]}, {"lines": "not a list"}]}"#
        ),
        // Nothing to expand: skipped, or the parent emitted as it is.
        (
            extractor(["data"], expander: #""expand_records_from_field": ["lines"], "on_no_records": "emit_parent""#),
            #"{"data": [{"id": 1}, {"id": 2, "lines": []}, {"id": 3, "lines": {"a": 1}}, {"id": 4, "lines": [{"k": 1}]}]}"#
        ),
        (
            extractor(["data"], expander: #""expand_records_from_field": ["lines"]"#),
            #"{"data": [{"id": 1}, {"id": 2, "lines": []}, 5, "text", {"id": 4, "lines": [{"k": 1}]}]}"#
        ),
        // One object at the path (not a list), and the whole body as the record.
        (extractor(["order"], expander: #""expand_records_from_field": ["lines"]"#), #"{"order": {"lines": [{"a": 1}, {"a": 2}]}}"#),
        (extractor([], expander: #""expand_records_from_field": ["rows"], "remain_original_record": true"#), #"{"rows": [{"r": 1}]}"#),
    ]

    static func extractor(_ fieldPath: [String], expander: String) -> String {
        let path = JSONValue.array(fieldPath.map { .string($0) }).jsonText
        return #"{"type": "DpathExtractor", "field_path": \#(path), "record_expander": {"type": "RecordExpander", \#(expander)}}"#
    }

    static let script = """
        import io, json, sys, logging
        logging.disable(logging.CRITICAL)
        import requests
        from airbyte_cdk.sources.declarative.models import declarative_component_schema as models
        from airbyte_cdk.sources.declarative.parsers.model_to_component_factory import ModelToComponentFactory
        request = json.load(sys.stdin)
        for definition, body in request["cases"]:
            definition = json.loads(definition)
            extractor = ModelToComponentFactory().create_component(models.DpathExtractor, definition, config=request["config"])
            response = requests.Response()
            response.status_code = 200
            response._content = body.encode()
            response.request = requests.Request("GET", "https://api.example.com/orders").prepare()
            print(json.dumps(list(extractor.extract_records(response))))
        """

    @Test func extractsLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.object([
            "config": Self.config, "cases": .array(Self.cases.map { .array([.string($0.0), .string($0.1)]) }),
        ]).jsonText
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input) }
        try #require(lines.count == Self.cases.count, "the CDK extracted from \(lines.count) of \(Self.cases.count) bodies")
        let engine = HTTPEngine()
        let context = try DeclarativeSource(manifest: try ResolvedManifest(yaml: "{streams: []}"), config: Self.config.objectValue!)
            .makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        defer { Task { await engine.shutdown() } }
        for ((definition, body), line) in zip(Self.cases, lines) {
            let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "extractor")
            let extractor = try DpathExtractor(node, decoder: JSONResponseDecoder(), context: context)
            let response = HTTPResponse(status: 200, headers: [], body: Array(body.utf8), url: "https://api.example.com/orders")
            let ours = JSONValue.array(try extractor.extract(response))
            #expect(ours.jsonText == (try JSONValue(parsing: Array(line.utf8))).jsonText, "\(definition) on \(body)")
        }
    }

    @Test func refusesAnUnknownOnNoRecords() async throws {
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let context = try DeclarativeSource(manifest: try ResolvedManifest(yaml: "{streams: []}"), config: [:])
            .makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        let definition = Self.extractor(["data"], expander: #""expand_records_from_field": ["a"], "on_no_records": "explode""#)
        let node = ComponentNode(try #require(try ManifestYAML.loadValue(definition).objectValue), path: "extractor")
        #expect(throws: ManifestError.self) { try DpathExtractor(node, decoder: JSONResponseDecoder(), context: context) }
    }
}
