import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `IncrementingCountCursor` and `StateDelegatingStream` against the Python CDK's
/// `source-declarative-manifest read`, both reading the same local API with "now" frozen at
/// 2024-06-01 (freezegun for the CDK, the options' clock for ours), from several incoming
/// states: the requests (the count cursor's `since_id`, which endpoint the delegating stream
/// reads), the records, every STATE per stream in order (the count cursor's integer state, the
/// `{}` a stream past its `api_retention_period` checkpoints), the retention warning, and
/// what discover reports.
@Suite struct IncrementalStreamsOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``): `/chats` pages ids above `since_id`
    /// three at a time; `/events/full` every event; `/events/incremental` the events updated
    /// since `since`. `GET /__log` answers the requests seen since the last call.
    static let server = LoggingOracleAPI.handler(
        answering: """
            EVENTS = [{"id": f"e{i}", "updated_at": f"2024-05-{i * 6:02d}T00:00:00Z"} for i in range(1, 5)]
            def answer(path, query):
                if path == "/chats":
                    ids = [i for i in range(1, 8) if i > int(query.get("since_id", "0"))]
                    offset = int(query.get("cursor", "0"))
                    page = ids[offset:offset + 3]
                    return 200, {"chats": [{"id": i, "message": f"m{i}"} for i in page], "next": offset + 3 if offset + 3 < len(ids) else None}
                if path == "/events/full":
                    return 200, {"data": EVENTS}
                if path == "/events/incremental":
                    return 200, {"data": [e for e in EVENTS if e["updated_at"] >= query["since"]]}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [chats]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          events_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
        streams:
          - type: DeclarativeStream
            name: chats
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: IncrementingCountCursor
              cursor_field: id
              start_value: "{{ config.get('start_id', 0) }}"
              start_value_option: {type: RequestOption, inject_into: request_parameter, field_name: since_id}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /chats}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [chats]}}
              paginator:
                type: DefaultPaginator
                pagination_strategy: {type: CursorPagination, cursor_value: "{{ response.next }}", stop_condition: "{{ not response.next }}"}
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: cursor}
          - type: StateDelegatingStream
            name: events
            api_retention_period: "{{ config.get('retention', '') }}"
            full_refresh_stream:
              type: DeclarativeStream
              name: events
              primary_key: [id]
              schema_loader: {$ref: "#/definitions/schema"}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: /events/full}
                record_selector: {$ref: "#/definitions/events_selector"}
            incremental_stream:
              type: DeclarativeStream
              name: events
              primary_key: [id]
              schema_loader: {$ref: "#/definitions/schema"}
              incremental_sync:
                type: DatetimeBasedCursor
                cursor_field: updated_at
                datetime_format: "%Y-%m-%dT%H:%M:%SZ"
                start_datetime: "2024-01-01T00:00:00Z"
                start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: since}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: /events/incremental}
                record_selector: {$ref: "#/definitions/events_selector"}
        """
    }

    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "chats", "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                "sync_mode": "incremental", "destination_sync_mode": "append",
            ],
            [
                "stream": ["name": "events", "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                "sync_mode": "incremental", "destination_sync_mode": "append",
            ],
        ]
    ]

    static func state(_ stream: String, _ value: JSONValue) -> JSONValue {
        ["type": "STREAM", "stream": ["stream_descriptor": ["name": .string(stream)], "stream_state": value]]
    }

    /// (config, incoming states) per scenario.
    static let scenarios: [(JSONObject, [JSONValue])] = [
        // No state: the count cursor from 0, the delegating stream's full refresh.
        ([:], []),
        // A count state (with another key, kept) and an events cursor within 30 days: incremental.
        (
            ["retention": "P30D"],
            [state("chats", ["id": 4, "other": "kept"]), state("events", ["updated_at": "2024-05-20T00:00:00Z"])]
        ),
        // Nothing new for the count cursor; an events cursor older than 30 days: back to full refresh.
        (
            ["retention": "P30D"],
            [state("chats", ["id": 9]), state("events", ["updated_at": "2024-03-01T00:00:00Z"])]
        ),
        // A start value above the state's count; a completed full refresh counts as current.
        (
            ["retention": "P30D", "start_id": 5],
            [state("chats", ["id": 2]), state("events", ["__ab_no_cursor_state_message": true])]
        ),
        // A concurrent (integer) count state; an events state without its cursor: full refresh, no warning.
        (
            ["retention": "P30D"],
            [
                state("chats", ["state_type": "integer", "slices": [["start": 0, "end": 3, "most_recent_cursor_value": 3]]]),
                state("events", ["cursor_was": "elsewhere"]),
            ]
        ),
        // Without a retention period, an old cursor is read incrementally.
        ([:], [state("events", ["updated_at": "2024-03-01T00:00:00Z"])]),
    ]

    /// The CDK's command with "now" frozen (after the imports: pydantic subclasses `date`).
    static let oracle = """
        import sys, freezegun
        from airbyte_cdk.cli.source_declarative_manifest import run
        freezegun.freeze_time("2024-06-01T00:00:00Z").start()
        sys.argv[0] = "source-declarative-manifest"
        run()
        """
    static let frozenNow: Int64 = 1_717_200_000_000_000

    /// What a run is compared on.
    struct Outcome: Equatable, CustomStringConvertible {
        var requests: [String]
        var records: [String: [String]]
        var states: [String: [JSONValue]]
        var warnings: [String]
        var errors: [String]

        var description: String {
            "requests:\n  \(requests.joined(separator: "\n  "))\nrecords: \(records)\nstates: \(states)\nwarnings: \(warnings)\nerrors: \(errors)"
        }

        init(messages: [JSONValue], requests: JSONValue) {
            self.requests = (requests.arrayValue ?? []).map(\.jsonText).sorted()
            var records: [String: [String]] = [:]
            var states: [String: [JSONValue]] = [:]
            var warnings: [String] = []
            var errors: [String] = []
            for message in messages {
                switch message["type"]?.stringValue {
                case "RECORD":
                    records[message["record"]?["stream"]?.stringValue ?? "", default: []].append(
                        message["record"]?["data"]?.jsonText ?? "")
                case "STATE":
                    if let stream = message["state"]?["stream"], let name = stream["stream_descriptor"]?["name"]?.stringValue {
                        states[name, default: []].append(stream["stream_state"] ?? .null)
                    }
                case "LOG":
                    if let text = message["log"]?["message"]?.stringValue, text.contains("retention") { warnings.append(text) }
                case "TRACE":
                    if let error = message["trace"]?["error"] { errors.append(error["message"]?.stringValue ?? "") }
                default: break
                }
            }
            self.records = records.mapValues { $0.sorted() }
            self.states = states
            self.warnings = warnings
            self.errors = errors
        }
    }

    @Test(arguments: 0..<6) func readsLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        let (config, state) = Self.scenarios[scenario]
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: config, state: state, catalog: Self.catalog, oracle: Self.oracle)
        }
        let cdk = Outcome(messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        let frozen = Self.frozenNow
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: manifest), config: config, options: DeclarativeSource.Options(now: { frozen }))
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: state, sink: sink)
        let ours = Outcome(messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        // The scenario is exercised: both streams read and checkpointed, as each scenario expects.
        #expect(cdk.errors.isEmpty, "\(cdk)")
        let chatStates = cdk.states["chats"] ?? []
        let eventStates = cdk.states["events"] ?? []
        switch scenario {
        case 0:
            #expect(chatStates.last == ["id": 7], "\(cdk)")
            #expect(eventStates.last == ["__ab_no_cursor_state_message": true], "\(cdk)")
        case 1:
            #expect(chatStates.last == ["id": 7, "other": "kept"], "\(cdk)")
            #expect(cdk.requests.contains { $0.contains("/events/incremental") }, "\(cdk)")
        case 2:
            #expect(chatStates.last == ["id": 9], "\(cdk)")
            #expect(eventStates.first == [:], "the dropped state: \(cdk)")
            #expect(cdk.warnings.count == 1, "\(cdk)")
        case 3:
            #expect(cdk.requests.contains { $0.contains("\"since_id\",\"5\"") }, "\(cdk)")
            #expect(cdk.requests.contains { $0.contains("/events/incremental") }, "\(cdk)")
        case 4:
            #expect(cdk.requests.contains { $0.contains("\"since_id\",\"3\"") }, "\(cdk)")
            #expect(eventStates.first == [:] && cdk.warnings.isEmpty, "\(cdk)")
        default:
            #expect(cdk.requests.contains { $0.contains("/events/incremental") }, "\(cdk)")
        }
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records)
        #expect(ours.states == cdk.states, "CDK \(cdk.states)\nours \(ours.states)")
        #expect(ours.warnings == cdk.warnings)
        #expect(ours.errors == cdk.errors)
    }

    /// Discover lists the count cursor's stream as incremental with its cursor, and the
    /// delegating stream as its full refresh stream (no state): full refresh only.
    @Test func discoversLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let manifest = Self.manifest(port: 9)
        let script = """
            import json, logging, sys, yaml
            from airbyte_cdk.models import AirbyteMessage, AirbyteMessageSerializer, Type
            from airbyte_cdk.sources.declarative.concurrent_declarative_source import ConcurrentDeclarativeSource
            source = ConcurrentDeclarativeSource(source_config=yaml.safe_load(sys.stdin.read()), config={}, catalog=None, state=None)
            catalog = source.discover(logging.getLogger("discover"), {})
            print(json.dumps(AirbyteMessageSerializer.dump(AirbyteMessage(type=Type.CATALOG, catalog=catalog))["catalog"]["streams"]))
            """
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: script, input: manifest) }
        let cdk = try JSONValue(parsing: Array(try #require(lines.last, "the CDK gave no answer").utf8))
        let ours = try await DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).discover()["streams"]
        func summary(_ streams: JSONValue?) -> [String] {
            (streams?.arrayValue ?? []).map { stream in
                [
                    "name", "supported_sync_modes", "source_defined_cursor", "default_cursor_field", "is_resumable",
                    "source_defined_primary_key",
                ]
                .map { "\($0)=\(stream[$0]?.jsonText ?? "-")" }.joined(separator: " ")
            }
        }
        #expect(summary(cdk).count == 2, "\(cdk)")
        #expect(summary(ours) == summary(cdk), "CDK \(cdk)\nours \(ours ?? .null)")
    }
}

/// What the CDK refuses when it builds these components is refused when the manifest loads,
/// with the CDK's reason and the component's path.
@Suite struct IncrementalStreamsRefusalTests {
    static let source = IncrementalStreamsOracleTests.manifest(port: 9)

    func refusal(_ yaml: String) throws -> ManifestError {
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        return try #require(throws: ManifestError.self) { try source.validate() }
    }

    @Test func anIncrementingCountCursorWithAPartitionRouter() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "requester: {$ref: \"#/definitions/requester\", path: /chats}",
            with: "requester: {$ref: \"#/definitions/requester\", path: /chats}\n"
                + "      partition_router: {type: ListPartitionRouter, values: [a, b], cursor_field: room}")
        let error = try refusal(yaml)
        #expect(error.path == "streams[0].incremental_sync")
        #expect(error.message.contains("usage of a PartitionRouter and an IncrementingCountCursor"), "\(error)")
    }

    @Test func aRetentionPeriodWithAnIncrementingCountCursor() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "type: DatetimeBasedCursor\n        cursor_field: updated_at",
            with: "type: IncrementingCountCursor\n        cursor_field: updated_at"
        ).replacingOccurrences(of: "api_retention_period: \"{{ config.get('retention', '') }}\"", with: "api_retention_period: P30D")
        let error = try refusal(yaml)
        #expect(error.path == "streams[1].api_retention_period")
        #expect(error.message.contains("IncrementingCountCursor which is not supported with api_retention_period"), "\(error)")
    }

    @Test func delegatedStreamsWithAnotherName() throws {
        let error = try refusal(
            Self.source.replacingOccurrences(of: "name: events\n      primary_key", with: "name: other\n      primary_key"))
        #expect(error.path == "streams[1].name")
        #expect(error.message.contains("must have equal names"), "\(error)")
    }

    /// `validate` builds both delegated streams: a component the incremental one cannot run is
    /// refused even though a read without state would not build it.
    @Test func validateBuildsTheIncrementalStreamToo() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "requester: {$ref: \"#/definitions/requester\", path: /events/incremental}",
            with: "requester: {$ref: \"#/definitions/requester\", path: /events/incremental}\n"
                + "        paginator: {type: CustomPaginator, class_name: x.Y}")
        let error = try refusal(yaml)
        #expect(error.code == .unsupportedComponent)
        #expect(error.path.hasPrefix("streams[1].incremental_stream"), "\(error)")
    }
}
