import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `page_size_reduction` and the `REDUCE_PAGE_SIZE` action (CDK 7.3x) against the Python CDK's
/// `source-declarative-manifest read` on the same local API, which refuses pages larger than its
/// `max` (HTTP 400): the page asked for again, halved, with an `OffsetIncrement` (the offset
/// advancing by the reduced size) and a `CursorPagination` whose stop condition reads the
/// requested `page_size`, the configured size kept or restored after a page, and an API that
/// refuses every size. Compared: every request in order, the records, the errors.
@Suite struct PageSizeReductionOracleTests {
    static let server = LoggingOracleAPI.handler(
        answering: """
            ITEMS = list(range(60))
            def answer(path, query):
                limit = int(query.get("limit", "0"))
                if limit > int(query.get("max", "25")):
                    return 400, {"error": "page too large"}
                if path == "/offset":
                    offset = int(query.get("offset", "0"))
                    return 200, {"data": [{"id": i} for i in ITEMS[offset:offset + limit]]}
                if path == "/cursor":
                    start = int(query.get("after", "0"))
                    page = ITEMS[start:start + limit]
                    return 200, {"data": [{"id": i} for i in page], "next": start + limit}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int, max: Int, resetPolicy: String) -> String {
        """
        version: 7.39.1
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [offset]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester:
            type: HttpRequester
            url_base: "http://127.0.0.1:\(port)"
            request_parameters: {max: "\(max)"}
            error_handler:
              type: DefaultErrorHandler
              response_filters:
                - {type: HttpResponseFilter, http_codes: [400], action: REDUCE_PAGE_SIZE, error_message: "{{ response.error }}"}
          reduction: {type: PageSizeReduction, backoff_seconds: 0, max_attempts: 3, reset_policy: \(resetPolicy), failure_message: Narrow the sync.}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
        streams:
          - type: DeclarativeStream
            name: offset
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /offset}
              record_selector: {$ref: "#/definitions/selector"}
              page_size_reduction: {$ref: "#/definitions/reduction"}
              paginator:
                type: DefaultPaginator
                page_size_option: {type: RequestOption, inject_into: request_parameter, field_name: limit}
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: offset}
                pagination_strategy: {type: OffsetIncrement, page_size: 100}
          - type: DeclarativeStream
            name: cursor
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /cursor}
              record_selector: {$ref: "#/definitions/selector"}
              page_size_reduction: {$ref: "#/definitions/reduction"}
              paginator:
                type: DefaultPaginator
                page_size_option: {type: RequestOption, inject_into: request_parameter, field_name: limit}
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: after}
                pagination_strategy:
                  type: CursorPagination
                  page_size: 40
                  cursor_value: "{{ response.next }}"
                  stop_condition: "{{ last_page_size < page_size }}"
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["offset", "cursor"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                    "sync_mode": "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    /// (the API's largest page, the reset policy)
    static let scenarios: [(Int, String)] = [(25, "NEVER"), (25, "AFTER_SUCCESSFUL_PAGE"), (3, "NEVER")]

    @Test(arguments: 0..<3) func reducesThePageLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let (max, policy) = Self.scenarios[scenario]
        let reads = try await OracleReads.run(
            python: python, port: api.port, manifest: Self.manifest(port: api.port, max: max, resetPolicy: policy), catalog: Self.catalog)

        func byStream(_ requests: JSONValue) -> [String: [String]] {
            Dictionary(grouping: requests.arrayValue ?? [], by: { $0["path"]?.stringValue ?? "" }).mapValues { $0.map(\.jsonText) }
        }
        func records(_ messages: [JSONValue]) -> [String: [String]] {
            Dictionary(grouping: messages.filter { $0["type"] == "RECORD" }, by: { $0["record"]?["stream"]?.stringValue ?? "" })
                .mapValues { $0.compactMap { $0["record"]?["data"]?["id"]?.jsonText } }
        }
        func errors(_ messages: [JSONValue]) -> [String] {
            messages.compactMap { message -> String? in
                guard let error = message["trace"]?["error"], let stream = error["stream_descriptor"]?["name"]?.stringValue else {
                    return nil
                }
                return "\(stream): \(error["failure_type"]?.stringValue ?? "") \(error["message"]?.stringValue ?? "")"
            }.sorted()
        }
        let cdk = (byStream(reads.cdkRequests), records(reads.cdkMessages), errors(reads.cdkMessages))
        switch scenario {
        case 2:
            #expect(cdk.2.count == 2 && cdk.2.allSatisfy { $0.contains("transient_error") && $0.contains("Narrow the sync.") }, "\(cdk.2)")
        default:
            #expect(cdk.1["offset"]?.count == 60 && cdk.1["cursor"]?.count == 60, "every record once: \(cdk.1)")
            #expect(cdk.2.isEmpty, "\(cdk.2)")
        }
        // Every request in order, per stream (the two streams are read side by side).
        #expect(byStream(reads.ourRequests) == cdk.0, "CDK \(cdk.0)\nours \(byStream(reads.ourRequests))")
        #expect(records(reads.ourMessages) == cdk.1)
        #expect(errors(reads.ourMessages) == cdk.2, "CDK \(cdk.2)\nours \(errors(reads.ourMessages))")
    }

    @Test func aReductionTheRetrieverCannotMakeIsRefused() throws {
        let base = Self.manifest(port: 9, max: 25, resetPolicy: "NEVER")
        let cases = [
            base.replacingOccurrences(
                of: "pagination_strategy: {type: OffsetIncrement, page_size: 100}",
                with: "pagination_strategy: {type: PageIncrement, page_size: 100}"),
            base.replacingOccurrences(of: "page_size_reduction: {$ref: \"#/definitions/reduction\"}\n", with: ""),
            base.replacingOccurrences(of: "backoff_seconds: 0,", with: "backoff_seconds: 0, reduction_factor: 1,"),
            base.replacingOccurrences(of: "page_size: 40", with: "page_size: 1"),
        ]
        for manifest in cases {
            #expect(manifest != base)
            #expect(throws: ManifestError.self, "\(manifest)") {
                try DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).validate()
            }
        }
    }
}
