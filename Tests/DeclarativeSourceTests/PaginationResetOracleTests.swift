import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// Restarting pagination against the Python CDK's `source-declarative-manifest read`, both
/// reading the same local API with "now" frozen at 2024-06-01: `pagination_reset` with
/// `SPLIT_USING_CURSOR` after 4 records (the slice restarted from the newest cursor value
/// read, twice; a datetime cursor and an `IncrementingCountCursor`), and an error handler's `RESET_PAGINATION` without one (the same slice
/// restarted once; a second time fails the stream). Compared: the requests, the records (with
/// the duplicates a restart reads again), the final states, and the errors.
@Suite struct PaginationResetOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``). `/flaky` answers 409 the first time
    /// its second page is asked for, `/broken` every time. `GET /__log` answers the requests
    /// seen since the last call (and forgets what `/flaky` was asked).
    static let server = LoggingOracleAPI.handler(
        answering: """
            SEEN = set()
            LOGS = [{"id": i, "ts": f"2024-05-0{i}T00:00:00Z"} for i in range(2, 9)]
            def forget():
                SEEN.clear()
            def answer(path, query):
                with LOCK:
                    page = int(query.get("page", "1"))
                    if path == "/logs":
                        rows = [r for r in LOGS if r["ts"] >= query.get("since", "")]
                        return 200, {"data": rows[(page - 1) * 2:page * 2]}
                    if path == "/counted":
                        rows = [{"id": i, "n": f"row {i}"} for i in range(2, 9) if i >= int(query.get("since_id", "0"))]
                        return 200, {"data": rows[(page - 1) * 2:page * 2]}
                    if path in ("/flaky", "/broken"):
                        if page == 2 and (path == "/broken" or path not in SEEN):
                            SEEN.add(path)
                            return 409, {"error": "the listing changed"}
                        return 200, {"data": [{"id": f"{path[1:]}-{page}-{i}"} for i in range(2 if page < 3 else 1)]}
                    return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [logs]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester:
            type: HttpRequester
            url_base: "http://127.0.0.1:\(port)"
            error_handler:
              type: DefaultErrorHandler
              response_filters: [{type: HttpResponseFilter, http_codes: [409], action: RESET_PAGINATION}]
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          paginator:
            type: DefaultPaginator
            pagination_strategy: {type: PageIncrement, page_size: 2, start_from_page: 1}
            page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: page}
        streams:
          - type: DeclarativeStream
            name: logs
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: ts
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "2024-05-01T00:00:00Z"
              start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: since}
              end_time_option: {type: RequestOption, inject_into: request_parameter, field_name: until}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /logs}
              record_selector: {$ref: "#/definitions/selector"}
              paginator: {$ref: "#/definitions/paginator"}
              pagination_reset:
                type: PaginationReset
                action: SPLIT_USING_CURSOR
                limits: {type: PaginationResetLimits, number_of_records: 4}
          - type: DeclarativeStream
            name: counted
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: IncrementingCountCursor
              cursor_field: id
              start_value: 1
              start_value_option: {type: RequestOption, inject_into: request_parameter, field_name: since_id}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /counted}
              record_selector: {$ref: "#/definitions/selector"}
              paginator: {$ref: "#/definitions/paginator"}
              pagination_reset:
                type: PaginationReset
                action: SPLIT_USING_CURSOR
                limits: {type: PaginationResetLimits, number_of_records: 4}
          - type: DeclarativeStream
            name: flaky
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /flaky}
              record_selector: {$ref: "#/definitions/selector"}
              paginator: {$ref: "#/definitions/paginator"}
          - type: DeclarativeStream
            name: broken
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /broken}
              record_selector: {$ref: "#/definitions/selector"}
              paginator: {$ref: "#/definitions/paginator"}
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["logs", "counted", "flaky", "broken"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                    "sync_mode": name == "logs" || name == "counted" ? "incremental" : "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    @Test func restartsLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: [:], state: [], catalog: Self.catalog, oracle: IncrementalStreamsOracleTests.oracle)
        }
        let cdkRequests = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdk = CDK7ComponentsOracleTests.Outcome(messages: cdkMessages, requests: cdkRequests)

        let frozen = IncrementalStreamsOracleTests.frozenNow
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: manifest), config: [:],
            options: DeclarativeSource.Options(now: { frozen }))
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: [], sink: sink)
        let ourRequests = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let ours = CDK7ComponentsOracleTests.Outcome(messages: sink.messages, requests: ourRequests)

        // The restarts happened: the slice narrowed twice, the flaky listing read again once.
        let logRequests = (cdkRequests.arrayValue ?? []).filter { $0["path"] == "/logs" }
        #expect(logRequests.count == 5, "\(cdk)")
        #expect(cdk.requests.contains { $0.contains("[\"since\",\"2024-05-08T00:00:00Z\"]") }, "\(cdk)")
        #expect(cdk.records["logs"]?.count == 9, "7 records, 2 read again: \(cdk)")
        #expect(cdk.records["flaky"]?.count == 7, "the first page twice: \(cdk)")
        // An IncrementingCountCursor splits too: restarted from the newest id read.
        #expect(cdk.requests.contains { $0.contains("[\"since_id\",\"8\"]") }, "\(cdk)")
        #expect(cdk.records["counted"]?.count == 9, "7 records, 2 read again: \(cdk)")
        #expect(ours.finalStates["counted"] == cdk.finalStates["counted"], "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(cdk.errors.count == 2, "the broken stream fails, then the read: \(cdk)")
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        // Request counts too: every restart asks again.
        #expect((ourRequests.arrayValue ?? []).count == (cdkRequests.arrayValue ?? []).count, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.finalStates["logs"] == cdk.finalStates["logs"], "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        // The stream's error; the read's summary names the stream (the CDK adds the Python exception's repr).
        #expect(ours.errors.first == cdk.errors.first)
        let summary = "During the sync, the following streams did not sync successfully: broken: "
        #expect(ours.errors.count == 2 && ours.errors.last?.hasPrefix(summary) == true, "\(ours.errors)")
        #expect(cdk.errors.last?.hasPrefix(summary) == true, "\(cdk.errors)")
    }

    /// The CDK refuses a record limit beside a record filter when it builds the retriever.
    @Test func aRecordLimitWithARecordFilterIsRefused() throws {
        let yaml = Self.manifest(port: 9).replacingOccurrences(
            of: "      record_selector: {$ref: \"#/definitions/selector\"}\n      paginator: {$ref: \"#/definitions/paginator\"}\n"
                + "      pagination_reset:",
            with: "      record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}, "
                + "record_filter: {type: RecordFilter, condition: \"{{ record.id > 2 }}\"}}\n"
                + "      paginator: {$ref: \"#/definitions/paginator\"}\n      pagination_reset:")
        #expect(yaml.contains("record_filter"))
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.message.contains("PaginationResetLimits are not supported while having record filter."), "\(error)")
    }
}
