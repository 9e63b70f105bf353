import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// How CDK 7.3x cuts and filters date windows, against the Python CDK's `source-declarative-manifest
/// read` on the same local API with "now" frozen at 2024-06-01: records the lookback window reads
/// again are kept (client-side filtering), a window whose start equals the end is read with a
/// granularity unless `is_compare_strictly`, the start is clamped before the windows are cut
/// (days and weeks), and a parent record with a null key makes no child partition. Compared: the
/// distinct requests, the records, each stream's final state, and the errors.
@Suite struct CDK739CursorOracleTests {
    static let server = LoggingOracleAPI.handler(
        answering: """
            DAYS = [f"2024-05-{d:02d}T12:00:00Z" for d in range(6, 13)]
            def answer(path, query):
                if path == "/events":
                    return 200, {"data": [{"id": d[:10], "updated_at": d} for d in DAYS]}
                if path == "/windows":
                    return 200, {"data": [{"id": query.get("start", "") + "/" + query.get("end", ""), "day": query.get("start", "")[:10]}]}
                if path == "/parents":
                    return 200, {"data": [{"id": "a"}, {"id": None}, {"name": "no id"}, {"id": "b"}]}
                if path.startswith("/parents/"):
                    return 200, {"data": [{"child_of": path.split("/")[2]}]}
                return 404, {"error": "unknown"}
            """)

    /// A windowed stream with these cursor fields (YAML lines).
    static func window(_ name: String, _ fields: [String]) -> String {
        let cursorFields = fields.map { "      " + $0 }.joined(separator: "\n")
        return """
              - type: DeclarativeStream
                name: \(name)
                primary_key: [id]
                schema_loader: {$ref: "#/definitions/schema"}
                incremental_sync:
                  type: DatetimeBasedCursor
                  cursor_field: day
                  datetime_format: "%Y-%m-%dT%H:%M:%SZ"
                  cursor_datetime_formats: ["%Y-%m-%d"]
                  start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: start}
                  end_time_option: {type: RequestOption, inject_into: request_parameter, field_name: end}
            \(cursorFields)
                retriever:
                  type: SimpleRetriever
                  requester: {$ref: "#/definitions/requester", path: /windows}
                  record_selector: {$ref: "#/definitions/selector"}
            """
    }

    static func manifest(port: Int) -> String {
        """
        version: 7.39.1
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [events]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          parents:
            type: DeclarativeStream
            name: parents
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /parents}
              record_selector: {$ref: "#/definitions/selector"}
        streams:
          - type: DeclarativeStream
            name: events
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "2024-05-01T00:00:00Z"
              lookback_window: P2D
              is_client_side_incremental: true
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /events}
              record_selector: {$ref: "#/definitions/selector"}
        \(window("one_day", ["start_datetime: \"2024-05-10T00:00:00Z\"", "end_datetime: \"2024-05-10T00:00:00Z\"", "step: P1D", "cursor_granularity: PT1S"]))
        \(window("one_day_strict", ["start_datetime: \"2024-05-10T00:00:00Z\"", "end_datetime: \"2024-05-10T00:00:00Z\"", "step: P1D", "cursor_granularity: PT1S", "is_compare_strictly: true"]))
        \(window("half_days", ["start_datetime: \"2024-05-01T06:00:00Z\"", "end_datetime: \"2024-05-05T12:00:00Z\"", "step: PT12H", "cursor_granularity: PT1S", "clamping: {target: DAY}"]))
        \(window("weeks", ["start_datetime: \"2024-05-01T00:00:00Z\"", "end_datetime: \"2024-05-27T09:00:00Z\"", "step: P1W", "cursor_granularity: PT1S", "clamping: {target: WEEK, target_details: {weekday: MONDAY}}"]))
          - type: DeclarativeStream
            name: children
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: "/parents/{{ stream_partition.parent_id }}"}
              record_selector: {$ref: "#/definitions/selector"}
              partition_router:
                type: SubstreamPartitionRouter
                parent_stream_configs:
                  - {type: ParentStreamConfig, parent_key: id, partition_field: parent_id, stream: {$ref: "#/definitions/parents"}}
        """
    }

    static let streams = ["events", "one_day", "one_day_strict", "half_days", "weeks", "children"]

    static var catalog: JSONValue {
        [
            "streams": .array(
                streams.map { name in
                    [
                        "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                        "sync_mode": name == "children" ? "full_refresh" : "incremental", "destination_sync_mode": "append",
                    ]
                })
        ]
    }

    @Test func cutsAndFiltersWindowsLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let reads = try await OracleReads.run(
            python: python, port: api.port, manifest: Self.manifest(port: api.port),
            state: [CDK7ComponentsOracleTests.state("events", ["updated_at": "2024-05-10T12:00:00Z"])], catalog: Self.catalog)
        let cdk = CDK7ComponentsOracleTests.Outcome(messages: reads.cdkMessages, requests: reads.cdkRequests)
        let ours = CDK7ComponentsOracleTests.Outcome(messages: reads.ourMessages, requests: reads.ourRequests)

        // What each stream is about, in the CDK's own answer.
        #expect(cdk.errors.isEmpty, "\(cdk)")
        #expect(cdk.records["events"]?.count == 5, "the state's day, the two the lookback reads again, and the two after: \(cdk)")
        #expect(cdk.records["one_day"]?.count == 1 && cdk.records["one_day_strict"] == nil, "\(cdk)")
        #expect(cdk.records["children"]?.count == 2, "no partition for a null or missing key: \(cdk)")
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.finalStates == cdk.finalStates, "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(ours.errors == cdk.errors)
    }
}
