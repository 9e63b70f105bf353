import AirbyteProtocol
import DeclarativeManifest
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// What the CDK schema gained from 7.29 to 7.39, against the Python CDK's own components (built
/// by its `ModelToComponentFactory`) on the same responses: `CombinedExtractor` (records and the
/// count a paginator reads), `WaitTimeFromResponse`, `request_url` in an `HttpResponseFilter`,
/// and `page_size` / `stream_slice` in a `CursorPagination`'s templates.
@Suite struct CDK739ComponentsOracleTests {
    static let config: JSONValue = ["second": "items", "cap": 60]

    /// One response the component reads.
    struct Case {
        var kind: String
        var definition: String
        var body: String
        var status = 200
        var headers: [String: String] = [:]
        var url = "https://api.example.com/v1/orders"

        var json: JSONValue {
            [
                "kind": .string(kind), "definition": .string(definition), "body": .string(body), "status": .number(String(status)),
                "headers": .object(JSONObject(headers.map { ($0.key, JSONValue.string($0.value)) })), "url": .string(url),
            ]
        }
    }

    static func combined(_ mode: String?, skip: Bool? = nil, _ paths: [String]...) -> String {
        let extractors = paths.map { path in
            #"{"type": "DpathExtractor", "field_path": \#(JSONValue.array(path.map { .string($0) }).jsonText)}"#
        }
        var fields = [#""type": "CombinedExtractor""#, #""extractors": [\#(extractors.joined(separator: ", "))]"#]
        if let mode { fields.append(#""mode": "\#(mode)""#) }
        if let skip { fields.append(#""skip_empty_records": \#(skip)"#) }
        return "{" + fields.joined(separator: ", ") + "}"
    }

    static let cases: [Case] = [
        // union, in declared order; a path that is missing gives nothing.
        Case(
            kind: "extractor", definition: combined(nil, ["issues"], ["pulls"], ["absent"]),
            body: #"{"issues": [{"n": 1}], "pulls": [{"n": 2}, {"n": 3}]}"#),
        // A template in a sub-extractor's path.
        Case(
            kind: "extractor", definition: combined("union", ["data"], ["{{ config['second'] }}"]),
            body: #"{"data": [{"a": 1}], "items": [{"b": 2}]}"#),
        // first_match: the first path with a record wins; an empty list does not.
        Case(
            kind: "extractor", definition: combined("first_match", ["primary"], ["fallback"], ["third"]),
            body: #"{"primary": [], "fallback": [{"f": 1}, {"f": 2}], "third": [{"t": 1}]}"#),
        Case(kind: "extractor", definition: combined("first_match", ["x"], ["y"]), body: #"{"z": [1]}"#),
        // Without skip_empty_records, nulls and empties pass through and win.
        Case(kind: "extractor", definition: combined("first_match", ["a"], ["b"]), body: #"{"a": [null, {}], "b": [{"b": 1}]}"#),
        // With it, they are dropped, still counted for the page, and do not make a path win.
        Case(
            kind: "extractor", definition: combined("first_match", skip: true, ["a"], ["b"]),
            body: #"{"a": [null, {}, [], ""], "b": [null, {"b": 1}, 0, false, {"b": 2}]}"#),
        Case(
            kind: "extractor", definition: combined("union", skip: true, ["a"], ["b"]),
            body: #"{"a": [null, {"a": 1}], "b": [{}, {"b": 1}]}"#),
        // Nested: an inner first_match inside a union, each skipping empties.
        Case(
            kind: "extractor",
            definition: #"""
                {"type": "CombinedExtractor", "skip_empty_records": true, "extractors": [
                  {"type": "DpathExtractor", "field_path": ["top"]},
                  {"type": "CombinedExtractor", "mode": "first_match", "skip_empty_records": true, "extractors": [
                    {"type": "DpathExtractor", "field_path": ["left"]}, {"type": "DpathExtractor", "field_path": ["right"]}]}]}
                """#,
            body: #"{"top": [{"t": 1}, null], "left": [null, null], "right": [{"r": 1}, {}]}"#),
        // Globs, and an object (not a list) at the path.
        Case(
            kind: "extractor", definition: combined("union", ["boards", "*", "items", "*"], ["single"]),
            body: #"{"boards": [{"items": [{"i": 1}, {"i": 2}]}, {"items": [{"i": 3}]}], "single": {"s": 1}}"#),

        // WaitTimeFromResponse: from the body, from a header, and what defers to the next strategy.
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.retry_after }}"}"#,
            body: #"{"retry_after": 12.5}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ headers['X-Wait'] }}"}"#,
            body: "not json", status: 429, headers: ["X-Wait": "7"]),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.retry_after }}"}"#,
            body: #"{"retry_after": "soon"}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.retry_after }}"}"#,
            body: #"{"other": 1}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait * 2 }}"}"#,
            body: #"{"wait": -3}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait * 2 }}"}"#,
            body: #"{"wait": "x"}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ max(1, response.wait) }}"}"#,
            body: #"{"wait": 0}"#, status: 429),
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait }}"}"#,
            body: #"{"wait": 0}"#, status: 429),
        // The cap, as a number and from the config: a wait at or past it stops the stream.
        Case(
            kind: "backoff",
            definition:
                #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait }}", "max_waiting_time_in_seconds": 30}"#,
            body: #"{"wait": 30}"#, status: 429),
        Case(
            kind: "backoff",
            definition:
                #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait }}", "max_waiting_time_in_seconds": "{{ config['cap'] }}"}"#,
            body: #"{"wait": 59}"#, status: 429),
        // A cap the config cannot give fails when the strategy is built.
        Case(
            kind: "backoff",
            definition:
                #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ response.wait }}", "max_waiting_time_in_seconds": "{{ config['absent'] }}"}"#,
            body: #"{"wait": 5}"#, status: 429),
        // A name no response provides fails when the strategy is built.
        Case(
            kind: "backoff", definition: #"{"type": "WaitTimeFromResponse", "wait_time_in_seconds": "{{ resposne.wait }}"}"#,
            body: "{}", status: 429),

        // request_url: the URL without its query, fragment and credentials.
        Case(
            kind: "filter",
            definition: #"""
                {"type": "HttpResponseFilter", "action": "IGNORE", "predicate": "{{ request_url.endswith('/stargazers') }}",
                 "error_message": "Skipping {{ request_url }} (HTTP {{ response.get('code') }})."}
                """#,
            body: #"{"code": 404}"#, status: 404, url: "https://user:secret@api.example.com/repos/a/stargazers?token=x#top"),
        Case(
            kind: "filter",
            definition: #"""
                {"type": "HttpResponseFilter", "action": "IGNORE", "predicate": "{{ request_url.endswith('/stargazers') }}"}
                """#,
            body: "{}", status: 404, url: "https://api.example.com/repos/a/issues?page=2"),

        // CursorPagination: `page_size` and the page's `stream_slice` in both templates.
        Case(
            kind: "cursor",
            definition: #"""
                {"type": "CursorPagination", "page_size": 2, "cursor_value": "{{ response.next }}-{{ stream_slice.start }}-{{ stream_partition.id }}",
                 "stop_condition": "{{ last_page_size < page_size }}"}
                """#,
            body: #"{"next": "n2"}"#),
        Case(
            kind: "cursor",
            definition: #"""
                {"type": "CursorPagination", "page_size": 5, "cursor_value": "{{ response.next }}", "stop_condition": "{{ last_page_size < page_size }}"}
                """#,
            body: #"{"next": "n2"}"#),
        // A stop condition that renders None no longer stops (None is false since CDK 7.3x).
        Case(
            kind: "cursor",
            definition:
                #"{"type": "CursorPagination", "cursor_value": "{{ response.next }}", "stop_condition": "{{ response.get('done') }}"}"#,
            body: #"{"next": "n3", "done": null}"#),
        // `page_size` read with none declared fails when the strategy is built.
        Case(
            kind: "cursor",
            definition:
                #"{"type": "CursorPagination", "cursor_value": "{{ response.next }}", "stop_condition": "{{ last_page_size < page_size }}"}"#,
            body: #"{"next": "n2"}"#),
    ]

    static let script = """
        import json, sys, logging
        logging.disable(logging.CRITICAL)
        import requests
        from airbyte_cdk.sources.declarative.models import declarative_component_schema as models
        from airbyte_cdk.sources.declarative.parsers.model_to_component_factory import ModelToComponentFactory
        from airbyte_cdk.sources.declarative.extractors.combined_extractor import _DroppedEmptyRecord
        from airbyte_cdk.sources.types import StreamSlice
        request = json.load(sys.stdin)
        config = request["config"]
        def response_of(case):
            response = requests.Response()
            response.status_code = case["status"]
            response._content = case["body"].encode()
            response.headers.update(case["headers"])
            response.url = case["url"]
            response.request = requests.Request("GET", case["url"]).prepare()
            return response
        for case in request["cases"]:
            definition = json.loads(case["definition"])
            factory = ModelToComponentFactory()
            try:
                if case["kind"] == "extractor":
                    extractor = factory.create_component(models.CombinedExtractor, definition, config=config)
                    ModelToComponentFactory._count_dropped_empty_records(extractor)
                    items = list(extractor.extract_records(response_of(case)))
                    out = {"records": [item for item in items if not isinstance(item, _DroppedEmptyRecord)], "count": len(items)}
                elif case["kind"] == "backoff":
                    strategy = factory.create_component(models.WaitTimeFromResponse, definition, config=config)
                    out = {"wait": strategy.backoff_time(response_of(case), 1)}
                elif case["kind"] == "filter":
                    found = factory.create_component(models.HttpResponseFilter, definition, config=config).matches(response_of(case))
                    out = {"action": found and found.response_action.name, "message": found and found.error_message}
                else:
                    strategy = factory.create_component(models.CursorPagination, definition, config=config)
                    slice = StreamSlice(partition={"id": "p1"}, cursor_slice={"start": "2024-01-01"})
                    out = {"token": strategy.next_page_token(response_of(case), 2, {"id": 9}, None, stream_slice=slice)}
            except Exception as error:
                out = {"error": True}
            print(json.dumps(out))
        """

    @Test func componentsBehaveLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = JSONValue.object(["config": Self.config, "cases": .array(Self.cases.map(\.json))]).jsonText
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input) }
        try #require(lines.count == Self.cases.count, "the CDK answered \(lines.count) of \(Self.cases.count) cases")
        let engine = HTTPEngine()
        let context = try DeclarativeSource(manifest: try ResolvedManifest(yaml: "{streams: []}"), config: Self.config.objectValue!)
            .makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        defer { Task { await engine.shutdown() } }
        for (testCase, line) in zip(Self.cases, lines) {
            let expected = try JSONValue(parsing: Array(line.utf8))
            let ours = Self.run(testCase, context: context)
            #expect(ours.jsonText == expected.jsonText, "\(testCase.kind) \(testCase.definition) on \(testCase.body)")
        }
    }

    static func run(_ testCase: Case, context: BuildContext) -> JSONValue {
        let response = HTTPResponse(
            status: testCase.status, headers: testCase.headers.map { ($0.key, $0.value) }, body: Array(testCase.body.utf8),
            url: testCase.url)
        do {
            let node = ComponentNode(try ManifestYAML.loadValue(testCase.definition).objectValue ?? [:], path: testCase.kind)
            switch testCase.kind {
            case "extractor":
                let extraction = try RecordExtractor(node, decoder: JSONResponseDecoder(), context: context).extraction(response)
                return ["records": .array(extraction.records), "count": .number(String(extraction.count))]
            case "backoff":
                let wait = try WaitTimeFromResponseBackoffStrategy(node, context: context).backoffTime(.response(response), attempt: 1)
                return ["wait": wait.map { .number(String($0)) } ?? .null]
            case "filter":
                let found = try HttpResponseFilter(node, context: context).matches(.response(response))
                return [
                    "action": found?.action.map { .string($0.rawValue) } ?? .null,
                    "message": found?.errorMessage.map { .string($0) } ?? .null,
                ]
            default:
                let strategy = try CursorPaginationStrategy(node, decoder: JSONResponseDecoder(), context: context)
                let slice = StreamSlice(partition: ["id": "p1"], cursorSlice: ["start": "2024-01-01"])
                let token = try strategy.nextPageToken(
                    response, lastPageSize: 2, lastRecord: ["id": 9], lastTokenValue: nil, slice: slice, pageSizeOverride: nil)
                return ["token": token.map { $0.jsonValue } ?? .null]
            }
        } catch {
            return ["error": true]
        }
    }

    @Test func offsetIncrementRefusesAUnionItWouldOvershoot() async throws {
        let manifest = """
            version: 7.39.1
            type: DeclarativeSource
            check: {type: CheckStream, stream_names: [s]}
            streams:
              - type: DeclarativeStream
                name: s
                schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
                retriever:
                  type: SimpleRetriever
                  requester: {type: HttpRequester, url_base: "https://api.example.com", path: /s}
                  record_selector:
                    type: RecordSelector
                    extractor: \(Self.combined("union", ["a"], ["b"]))
                  paginator:
                    type: DefaultPaginator
                    page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: offset}
                    pagination_strategy: {type: OffsetIncrement, page_size: 2}
            """
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:])
        let error = #expect(throws: ManifestError.self) { try source.validate() }
        #expect(error?.path == "streams[0].retriever.paginator.pagination_strategy.type")
        #expect(error?.message.contains("union") == true)
    }
}
