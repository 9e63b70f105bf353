import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `QueryProperties` against the Python CDK's `source-declarative-manifest read`, both reading
/// the same local API: properties read from an endpoint and chunked by characters (records of
/// a page merged by `id` across the chunks, over two pages); a fixed list chunked by count,
/// with `always_include_properties` and the catalog's selection (`JsonSchemaPropertySelector`
/// with a transformation), where rows without the merge key pass through unmerged; and the
/// older `fetch_properties_from_endpoint`, whose properties reach the request only through
/// `stream_slice.extra_fields`. Compared: the requests, the records, the errors.
@Suite struct QueryPropertiesOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``). `GET /__log` answers the requests
    /// seen since the last call.
    static let server = LoggingOracleAPI.handler(
        answering: """
            PROPERTIES = ["firstname", "lastname", "email", "phone"]
            CONTACTS = [{"id": f"c{i}", **{p: f"{p}-{i}" for p in PROPERTIES}} for i in range(1, 4)]
            DEALS = [{"id": f"d{i}", "amount": i * 10, "stage": "won", "owner": "o", "closedate": f"2024-05-0{i}"} for i in (1, 2)]
            def only(record, fields):
                return {k: v for k, v in record.items() if k in fields}
            def answer(path, query):
                if path == "/properties":
                    return 200, {"results": [{"name": p} for p in PROPERTIES]}
                if path == "/contacts":
                    fields = ["id"] + query.get("properties", "").split(",")
                    after = int(query.get("after", "0"))
                    page = CONTACTS[after:after + 2]
                    return 200, {"results": [only(c, fields) for c in page], "next": after + 2 if after + 2 < len(CONTACTS) else None}
                if path == "/deals":
                    fields = query.get("properties", "").split(",")
                    return 200, {"results": [only(d, fields) for d in DEALS] + [{"total": len(DEALS), "fields": fields}]}
                if path == "/companies":
                    fields = query.get("props", "").split("|")
                    return 200, {"results": [{"id": "k1", **{f: f.upper() for f in fields}}]}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [contacts]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [results]}}
          properties_endpoint:
            type: PropertiesFromEndpoint
            property_field_path: [name]
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /properties}
              record_selector: {$ref: "#/definitions/selector"}
        streams:
          - type: DeclarativeStream
            name: contacts
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester:
                $ref: "#/definitions/requester"
                path: /contacts
                request_parameters:
                  limit: "2"
                  properties:
                    type: QueryProperties
                    property_list: {$ref: "#/definitions/properties_endpoint"}
                    property_chunking:
                      type: PropertyChunking
                      property_limit_type: characters
                      property_limit: 20
              record_selector: {$ref: "#/definitions/selector"}
              paginator:
                type: DefaultPaginator
                pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.next }}", stop_condition: "{{ response.next is none }}"}
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: after}
          - type: DeclarativeStream
            name: deals
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester:
                $ref: "#/definitions/requester"
                path: /deals
                request_parameters:
                  properties:
                    type: QueryProperties
                    property_list: [amount, stage, owner, closedate]
                    always_include_properties: [id]
                    property_chunking:
                      type: PropertyChunking
                      property_limit_type: property_count
                      property_limit: 1
                      record_merge_strategy: {type: GroupByKeyMergeStrategy, key: [id]}
                    property_selector:
                      type: JsonSchemaPropertySelector
                      transformations:
                        - {type: RemoveFields, field_pointers: [[owner]]}
              record_selector: {$ref: "#/definitions/selector"}
          - type: DeclarativeStream
            name: companies
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester:
                $ref: "#/definitions/requester"
                path: /companies
                fetch_properties_from_endpoint: {$ref: "#/definitions/properties_endpoint"}
                request_parameters:
                  props: "{{ stream_slice.extra_fields['query_properties'] | join('|') }}"
              record_selector: {$ref: "#/definitions/selector"}
        """
    }

    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "contacts", "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                "sync_mode": "full_refresh", "destination_sync_mode": "append",
            ],
            [
                "stream": [
                    "name": "deals", "supported_sync_modes": ["full_refresh"],
                    "json_schema": [
                        "type": "object", "properties": ["id": [:], "amount": [:], "owner": [:], "closedate": [:]],
                    ],
                ],
                "sync_mode": "full_refresh", "destination_sync_mode": "append",
            ],
            [
                "stream": ["name": "companies", "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                "sync_mode": "full_refresh", "destination_sync_mode": "append",
            ],
        ]
    ]

    @Test func readsLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(python, manifest: manifest, config: [:], state: [], catalog: Self.catalog)
        }
        let cdk = CDK7ComponentsOracleTests.Outcome(
            messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:])
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: [], sink: sink)
        let ours = CDK7ComponentsOracleTests.Outcome(
            messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        // What the scenario is about happened: chunks, merged records, the selection.
        #expect(cdk.errors.isEmpty, "\(cdk)")
        #expect(cdk.requests.filter { $0.contains("\"/contacts\"") }.count == 6, "2 pages of 3 chunks: \(cdk)")
        #expect(cdk.records["contacts"]?.count == 3, "\(cdk)")
        #expect(cdk.records["contacts"]?.contains { $0.contains("phone-1") && $0.contains("firstname-1") } == true, "\(cdk)")
        #expect(cdk.requests.contains { $0.contains("[\"properties\",\"id,closedate\"]") }, "\(cdk)")
        #expect(!cdk.requests.contains { $0.contains("stage") || $0.contains("owner") }, "not selected: \(cdk)")
        #expect(cdk.records["deals"]?.count == 4, "2 merged deals and 2 rows without an id: \(cdk)")
        #expect(cdk.requests.contains { $0.contains("[\"props\",\"firstname|lastname|email|phone\"]") }, "\(cdk)")

        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.errors == cdk.errors)
    }

    /// `request_parameters` takes one `QueryProperties`, and `fetch_properties_from_endpoint`
    /// cannot be a second source of properties.
    @Test func aSecondDefinitionIsRefused() throws {
        func refusal(_ yaml: String) throws -> ManifestError {
            let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
            return try #require(throws: ManifestError.self) { try source.validate() }
        }
        let twice = try refusal(
            Self.manifest(port: 9).replacingOccurrences(
                of: "          limit: \"2\"\n",
                with: "          limit: {type: QueryProperties, property_list: [x]}\n"))
        #expect(
            twice.message.contains("request_parameters only supports defining one QueryProperties field, but found 2 usages"), "\(twice)")
        let both = try refusal(
            Self.manifest(port: 9).replacingOccurrences(
                of: "        path: /contacts\n",
                with: "        path: /contacts\n        fetch_properties_from_endpoint: {$ref: \"#/definitions/properties_endpoint\"}\n"))
        #expect(both.message.contains("PropertiesFromEndpoint should only be specified once per stream"), "\(both)")
    }
}
