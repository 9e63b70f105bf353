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
        // CDK 7.3x: the parent merged underneath each item, without the expanded list; the item wins.
        (
            extractor(["data"], expander: #""expand_records_from_field": ["lines", "data"], "merge_parent": true"#),
            #"{"data": [{"id": 1, "sku": "parent", "lines": {"data": [{"sku": "a"}, 3], "count": 2}}, {"id": 2, "lines": {"data": []}}]}"#
        ),
        // Globs: every matched list is removed from the merged parent; a match that is no list stays.
        (
            extractor(["data"], expander: #""expand_records_from_field": ["groups", "*", "items"], "merge_parent": true"#),
            #"{"data": [{"id": 1, "groups": [{"items": [{"i": 1}], "g": "a"}, {"items": "none"}, {"items": [{"i": 2}]}]}]}"#
        ),
        // Named parent fields: nested, an index (negative too), missing, overwriting the item's own;
        // then all three contexts together, in the CDK's order.
        (
            extractor(
                ["data"],
                expander: #"""
                    "expand_records_from_field": ["reviews"], "parent_fields": [
                      {"type": "ParentFieldPath", "parent_path": ["url"], "record_path": ["pull_request_url"]},
                      {"type": "ParentFieldPath", "parent_path": ["repo", "name"], "record_path": ["parent", "repo"]},
                      {"type": "ParentFieldPath", "parent_path": ["tags", "-1"], "record_path": ["last_tag"]},
                      {"type": "ParentFieldPath", "parent_path": ["absent"], "record_path": ["id"]},
                      {"type": "ParentFieldPath", "parent_path": ["repo"], "record_path": ["list", "1"]}]
                    """#),
            #"{"data": [{"url": "u1", "repo": {"name": "r"}, "tags": ["a", "b"], "reviews": [{"id": 5, "parent": {"x": 1}}, "text"]}]}"#
        ),
        (
            extractor(
                ["data"],
                expander: #"""
                    "expand_records_from_field": ["rows"], "merge_parent": true, "remain_original_record": true,
                    "parent_fields": [{"type": "ParentFieldPath", "parent_path": ["id"], "record_path": ["kind"]}]
                    """#),
            #"{"data": [{"id": 7, "kind": "p", "rows": [{"kind": "c", "v": 1}, null]}]}"#
        ),
        // Writing through a list: a negative index names the last element; a null that is there is in the way.
        (
            extractor(
                ["data"],
                expander: #"""
                    "expand_records_from_field": ["rows"],
                    "parent_fields": [{"type": "ParentFieldPath", "parent_path": ["id"], "record_path": ["tags", "-1"]}]
                    """#),
            #"{"data": [{"id": 7, "rows": [{"tags": ["a", "b"]}]}]}"#
        ),
        (
            extractor(
                ["data"],
                expander: #"""
                    "expand_records_from_field": ["rows"],
                    "parent_fields": [{"type": "ParentFieldPath", "parent_path": ["id"], "record_path": ["a", "0", "b"]}]
                    """#),
            #"{"data": [{"id": 7, "rows": [{"a": [null]}]}]}"#
        ),
        // A truncated list without a retriever: the embedded items, and a warning.
        (
            extractor(
                ["data"],
                expander: #""expand_records_from_field": ["lines", "data"], "truncation_indicator_path": ["lines", "has_more"]"#),
            #"{"data": [{"id": 1, "lines": {"data": [{"l": 1}], "has_more": true, "total_count": 5}}]}"#
        ),
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
            try:
                print(json.dumps(list(extractor.extract_records(response))))
            except Exception:
                print(json.dumps({"error": True}))
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
            let ours: JSONValue
            do { ours = JSONValue.array(try extractor.extract(response)) } catch { ours = ["error": true] }
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

    /// What the CDK refuses when it builds the expander (`ValueError`s), refused here too; and
    /// the retriever per truncated record, which this engine does not run, refused by name.
    @Test(arguments: [
        #""expand_records_from_field": ["a"], "parent_fields": [{"type": "ParentFieldPath", "parent_path": [], "record_path": ["x"]}]"#,
        #""expand_records_from_field": ["a"], "parent_fields": [{"type": "ParentFieldPath", "parent_path": ["*"], "record_path": ["x"]}]"#,
        #""expand_records_from_field": ["a"], "truncation_indicator_path": ["a", "has_mor?"]"#,
        #""expand_records_from_field": ["a"], "truncation_indicator_path": ["more"], "truncated_list_retriever": {"type": "SimpleRetriever"}"#,
    ])
    func refusesWhatTheCDKRefuses(expander: String) async throws {
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let context = try DeclarativeSource(manifest: try ResolvedManifest(yaml: "{streams: []}"), config: [:])
            .makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        let node = ComponentNode(
            try #require(try ManifestYAML.loadValue(Self.extractor(["data"], expander: expander)).objectValue), path: "e")
        #expect(throws: ManifestError.self) { try DpathExtractor(node, decoder: JSONResponseDecoder(), context: context) }
    }
}
