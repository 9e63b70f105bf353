import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `lazy_read_pointer` against the Python CDK's `source-declarative-manifest read`, both
/// reading the same local API with "now" frozen at 2024-06-01: without incoming state, a
/// child's first page is the one its parent record holds (no request; a parent without one
/// gives an empty page), and only the following pages are requested; with state, every page
/// is requested. Compared: the requests, the records, the final states, the errors.
@Suite struct LazyReadPointerOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``). `GET /__log` answers the requests
    /// seen since the last call.
    static let server = LoggingOracleAPI.handler(
        answering: """
            ITEMS = {"b1": [[{"id": "i1", "updated_at": "2024-05-10"}, {"id": "i2", "updated_at": "2024-05-12"}],
                            [{"id": "i4", "updated_at": "2024-05-20"}]],
                     "b2": [[{"id": "i3", "updated_at": "2024-05-11"}]],
                     "b3": [[{"id": "i5", "updated_at": "2024-05-13"}]]}
            def page(board, number):
                pages = ITEMS[board]
                return {"data": pages[number], "next": f"c{number + 1}" if number + 1 < len(pages) else None}
            def answer(path, query):
                parts = path.strip("/").split("/")
                if parts == ["boards"]:
                    return 200, {"data": [{"id": "b1", "items": page("b1", 0)}, {"id": "b2", "items": page("b2", 0)}, {"id": "b3"}]}
                if len(parts) == 3 and parts[0] == "boards" and parts[2] == "items":
                    return 200, page(parts[1], int(query.get("cursor", "c0")[1:]))
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [boards]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)"}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          boards:
            type: DeclarativeStream
            name: boards
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /boards}
              record_selector: {$ref: "#/definitions/selector"}
        streams:
          - $ref: "#/definitions/boards"
          - type: DeclarativeStream
            name: items
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              datetime_format: "%Y-%m-%d"
              start_datetime: "2024-05-01"
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: "/boards/{{ stream_partition.board_id }}/items"}
              record_selector: {$ref: "#/definitions/selector"}
              paginator:
                type: DefaultPaginator
                pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.next }}", stop_condition: "{{ not response.next }}"}
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: cursor}
              partition_router:
                type: SubstreamPartitionRouter
                parent_stream_configs:
                  - type: ParentStreamConfig
                    parent_key: id
                    partition_field: board_id
                    lazy_read_pointer: [items]
                    stream: {$ref: "#/definitions/boards"}
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["boards", "items"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                    "sync_mode": name == "items" ? "incremental" : "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    static let states: [[JSONValue]] = [
        [],
        [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": "items"],
                    "stream_state": [
                        "states": [["partition": ["board_id": "b1", "parent_slice": [:]], "cursor": ["updated_at": "2024-05-11"]]]
                    ],
                ],
            ]
        ],
    ]

    @Test(arguments: 0..<2) func readsLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        let state = Self.states[scenario]
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: [:], state: state, catalog: Self.catalog,
                oracle: IncrementalStreamsOracleTests.oracle)
        }
        let cdk = CDK7ComponentsOracleTests.Outcome(
            messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        let frozen = IncrementalStreamsOracleTests.frozenNow
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: manifest), config: [:], options: DeclarativeSource.Options(now: { frozen }))
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: state, sink: sink)
        let ours = CDK7ComponentsOracleTests.Outcome(
            messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        #expect(cdk.errors.isEmpty, "\(cdk)")
        let itemRequests = cdk.requests.filter { $0.contains("/items") }
        if scenario == 0 {
            // Only b1's second page is requested: the first pages came with the boards.
            #expect(itemRequests.count == 1 && itemRequests[0].contains("\"c1\""), "\(cdk)")
            #expect(cdk.records["items"]?.count == 4, "\(cdk)")
        } else {
            #expect(itemRequests.count == 4, "every page of b1, b2 and b3: \(cdk)")
        }
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.finalStates == cdk.finalStates, "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(ours.errors == cdk.errors)
    }
}
