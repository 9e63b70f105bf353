import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `GroupingPartitionRouter` against the Python CDK on one local API: list partitions grouped
/// with and without deduplication, a parent stream's partitions grouped (with their
/// `parent_slice` and extra fields as lists), and an incremental grouped stream, whose state
/// the CDK keeps as a global cursor. The requests, records and final states must be the same.
@Suite struct GroupingPartitionRouterOracleTests {
    static let server = """
        import json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit, parse_qsl
        LOCK = threading.Lock()
        LOG = []
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_GET(self):
                url = urlsplit(self.path)
                query = dict(parse_qsl(url.query))
                with LOCK:
                    if url.path == "/__log":
                        body = list(LOG)
                        LOG.clear()
                    else:
                        LOG.append({"method": "GET", "path": url.path, "query": sorted(parse_qsl(url.query))})
                        if url.path == "/parents":
                            body = [{"id": "p1", "region": "eu"}, {"id": "p2", "region": "us"}, {"id": "p1", "region": "eu"}, {"id": "p3", "region": "eu"}]
                        else:
                            ids = query.get("ids", "").split(",")
                            body = [{"id": f"{url.path.strip('/')}-{i}", "updated": f"2024-01-{n + 2:02d}", "since": query.get("since")} for n, i in enumerate(ids)]
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()  # ends when the test closes its end (or dies)
        """

    static func manifest(port: Int) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [deduplicated]}
        spec: {type: Spec, connection_specification: {type: object}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
          values: {type: ListPartitionRouter, values: [a, b, a, c, d], cursor_field: key}
          parents:
            type: DeclarativeStream
            name: parents
            retriever: {type: SimpleRetriever, requester: {$ref: "#/definitions/requester", path: /parents}, record_selector: {$ref: "#/definitions/selector"}}
        streams:
          - type: DeclarativeStream
            name: deduplicated
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                $ref: "#/definitions/requester"
                path: /deduplicated
                request_parameters: {ids: "{{ stream_partition['key'] | join(',') }}"}
              partition_router: {type: GroupingPartitionRouter, group_size: 2, underlying_partition_router: {$ref: "#/definitions/values"}}
          - type: DeclarativeStream
            name: repeated
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                $ref: "#/definitions/requester"
                path: /repeated
                request_parameters: {ids: "{{ stream_partition.key | join(',') }}", size: "{{ stream_partition.key | length }}"}
              partition_router:
                type: GroupingPartitionRouter
                group_size: 3
                deduplicate: false
                underlying_partition_router: {$ref: "#/definitions/values"}
          - type: DeclarativeStream
            name: children
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                $ref: "#/definitions/requester"
                path: /children
                request_parameters:
                  ids: "{{ stream_partition.parent_id | join(',') }}"
                  regions: "{{ stream_slice.extra_fields['region'] | join(',') }}"
                  parents: "{{ stream_partition.parent_slice | length }}"
              partition_router:
                type: GroupingPartitionRouter
                group_size: 2
                underlying_partition_router:
                  type: SubstreamPartitionRouter
                  parent_stream_configs:
                    - {type: ParentStreamConfig, parent_key: id, partition_field: parent_id, extra_fields: [[region]], stream: {$ref: "#/definitions/parents"}}
          - type: DeclarativeStream
            name: incremental
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated
              datetime_format: "%Y-%m-%d"
              start_datetime: "2024-01-01"
              end_datetime: "2024-01-10"
              start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: since}
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                $ref: "#/definitions/requester"
                path: /incremental
                request_parameters: {ids: "{{ stream_partition['key'] | join(',') }}"}
              partition_router: {type: GroupingPartitionRouter, group_size: 2, underlying_partition_router: {$ref: "#/definitions/values"}}
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["deduplicated", "repeated", "children", "incremental"].map { name in
                let incremental = name == "incremental"
                return [
                    "stream": [
                        "name": .string(name), "json_schema": [:],
                        "supported_sync_modes": incremental ? ["full_refresh", "incremental"] : ["full_refresh"],
                    ],
                    "sync_mode": incremental ? "incremental" : "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    static func requestLog(port: Int) async throws -> JSONValue {
        try await AsyncRetrieverOracleTests.requestLog(port: port)
    }

    @Test func readsLikeTheCDK() async throws {
        guard let python = Harness.python else {
            if Harness.isCI { Issue.record("the oracle venv is missing in CI") }
            print("skipped: the oracle venv (scripts/setup-oracles) is missing")
            return
        }
        let (server, serverInput, port) = try await onOwnThread {
            try HttpComponentsResolverOracleTests.startServer(python, script: Self.server)
        }
        defer {
            try? serverInput.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        let manifest = Self.manifest(port: port)
        _ = try await Self.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(python, manifest: manifest, config: [:], catalog: Self.catalog, state: [])
        }
        let cdk = AsyncRetrieverOracleTests.Outcome(messages: cdkMessages, requests: try await Self.requestLog(port: port))

        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:])
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: [], sink: sink)
        let ours = AsyncRetrieverOracleTests.Outcome(messages: sink.messages, requests: try await Self.requestLog(port: port))

        // The CDK read every stream: 4 groups of ids, parents twice (read per parent config).
        #expect(cdk.records.count == 4, "\(cdk)")
        #expect(cdk.errors.isEmpty, "\(cdk)")
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records)
        #expect(ours.finalStates == cdk.finalStates, "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(ours.errors == cdk.errors)
        #expect(ours.statuses == cdk.statuses)
    }
}

/// What `create_grouping_partition_router` refuses at load.
@Suite struct GroupingPartitionRouterModelTests {
    static func manifest(router: String) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [items]}
        streams:
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester: {type: HttpRequester, url_base: "https://api.example.com", path: /items}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
              partition_router: \(router)
        """
    }

    static func validate(_ router: String) throws {
        try DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest(router: router)), config: [:]).validate()
    }

    @Test func aGroupLoads() throws {
        try Self.validate(
            "{type: GroupingPartitionRouter, group_size: 2, underlying_partition_router: {type: ListPartitionRouter, values: [a], cursor_field: k}}"
        )
    }

    @Test func aGroupSizeBelowOneIsRefused() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.validate(
                "{type: GroupingPartitionRouter, group_size: 0, underlying_partition_router: {type: ListPartitionRouter, values: [a], cursor_field: k}}"
            )
        }
        #expect(error.path == "streams[0].retriever.partition_router.group_size")
    }

    @Test func anUnderlyingRequestOptionIsRefused() throws {
        let error = try #require(throws: ManifestError.self) {
            try Self.validate(
                """
                {type: GroupingPartitionRouter, group_size: 2, underlying_partition_router: {type: ListPartitionRouter, values: [a], cursor_field: k,
                 request_option: {type: RequestOption, inject_into: request_parameter, field_name: k}}}
                """)
        }
        #expect(error.message.contains("Request options are not supported for GroupingPartitionRouter"))
    }
}
