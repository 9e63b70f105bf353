import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// Components of the CDK 7 schema against the Python CDK's `source-declarative-manifest read`,
/// both reading the same local API with "now" frozen at 2024-06-01: `clamping` of datetime
/// windows (day, week from a weekday, month), `LegacyToPerPartitionStateMigration` of a legacy
/// per-partition state, `UnionPartitionRouter` (deduplicated values, a substream's other keys
/// moved to the extra fields, per-partition state keyed by the union's field), and
/// `allow_catalog_defined_cursor_field`. Compared: the distinct requests, the records, each
/// stream's final state, and the errors.
@Suite struct CDK7ComponentsOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``). `GET /__log` answers the requests
    /// seen since the last call.
    static let server = LoggingOracleAPI.handler(
        answering: """
            PROJECTS = [{"id": "p1", "repo": "b"}, {"id": "p2", "repo": "c"}, {"id": "p3", "repo": "c"}]
            ISSUES = [("i1", "2024-05-10T00:00:00Z"), ("i2", "2024-05-25T00:00:00Z")]
            EVENTS = [{"id": "e1", "updated_at": "2024-05-10T00:00:00Z", "created_at": "2024-05-30T00:00:00Z"},
                      {"id": "e2", "updated_at": "2024-05-28T00:00:00Z", "created_at": "2024-05-02T00:00:00Z"}]
            def answer(path, query):
                parts = path.strip("/").split("/")
                if parts == ["projects"]:
                    return 200, {"data": PROJECTS}
                if len(parts) == 3 and parts[0] == "projects" and parts[2] == "issues":
                    since = query.get("since", "")
                    return 200, {"data": [{"id": f"{parts[1]}-{i}", "updated_at": u} for i, u in ISSUES if u >= since]}
                if len(parts) == 2 and parts[0] == "repos":
                    return 200, {"data": [{"name": parts[1], "pushed_at": "2024-05-2%d" % (ord(parts[1]) % 8)}]}
                if parts == ["daily"]:
                    return 200, {"data": [{"id": query.get("start", ""), "day": query.get("start", "")[:10], "until": query.get("end", "")}]}
                if parts == ["events"]:
                    return 200, {"data": EVENTS}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [projects]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          projects:
            type: DeclarativeStream
            name: projects
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /projects}
              record_selector: {$ref: "#/definitions/selector"}
        streams:
          - $ref: "#/definitions/projects"
          - type: DeclarativeStream
            name: issues
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            state_migrations:
              - type: LegacyToPerPartitionStateMigration
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "2024-05-01T00:00:00Z"
              start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: since}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: "/projects/{{ stream_partition.project_id }}/issues"}
              record_selector: {$ref: "#/definitions/selector"}
              partition_router:
                type: SubstreamPartitionRouter
                parent_stream_configs:
                  - {type: ParentStreamConfig, parent_key: id, partition_field: project_id, stream: {$ref: "#/definitions/projects"}}
          - type: DeclarativeStream
            name: repos
            primary_key: [name]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: pushed_at
              datetime_format: "%Y-%m-%d"
              start_datetime: "2024-05-01"
            transformations:
              - type: AddFields
                fields:
                  - {path: [via], value: "{{ stream_slice.extra_fields.get('parent_slice', 'a list') }}"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: "/repos/{{ stream_partition['repo'] }}"}
              record_selector: {$ref: "#/definitions/selector"}
              partition_router:
                type: UnionPartitionRouter
                partition_field: repo
                partition_routers:
                  - {type: ListPartitionRouter, cursor_field: repo, values: [a, b]}
                  - type: SubstreamPartitionRouter
                    parent_stream_configs:
                      - {type: ParentStreamConfig, parent_key: repo, partition_field: repo, stream: {$ref: "#/definitions/projects"}}
          - type: DeclarativeStream
            name: daily
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: day
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              cursor_datetime_formats: ["%Y-%m-%d"]
              start_datetime: "{{ config.get('start', '2024-05-03T10:30:00Z') }}"
              step: "{{ config.get('step', 'P5D') }}"
              cursor_granularity: PT1S
              clamping:
                target: "{{ config.get('clamp', 'DAY') }}"
                target_details: {weekday: WEDNESDAY}
              start_time_option: {type: RequestOption, inject_into: request_parameter, field_name: start}
              end_time_option: {type: RequestOption, inject_into: request_parameter, field_name: end}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /daily}
              record_selector: {$ref: "#/definitions/selector"}
          - type: DeclarativeStream
            name: events
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: updated_at
              allow_catalog_defined_cursor_field: true
              datetime_format: "%Y-%m-%dT%H:%M:%SZ"
              start_datetime: "2024-05-01T00:00:00Z"
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /events}
              record_selector: {$ref: "#/definitions/selector"}
        """
    }

    static func catalog(eventsCursor: [String]? = nil) -> JSONValue {
        var streams: [JSONValue] = []
        for name in ["projects", "issues", "repos", "daily", "events"] {
            var configured: JSONObject = [
                "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                "sync_mode": name == "projects" ? "full_refresh" : "incremental", "destination_sync_mode": "append",
            ]
            if name == "events", let eventsCursor { configured["cursor_field"] = .array(eventsCursor.map(JSONValue.string)) }
            streams.append(.object(configured))
        }
        return ["streams": .array(streams)]
    }

    static func state(_ stream: String, _ value: JSONValue) -> JSONValue {
        ["type": "STREAM", "stream": ["stream_descriptor": ["name": .string(stream)], "stream_state": value]]
    }

    /// (config, incoming states, the events stream's catalog cursor field) per scenario.
    static let scenarios: [(JSONObject, [JSONValue], [String]?)] = [
        // No state; windows clamped to days; the manifest's own cursor for events.
        ([:], [], nil),
        // A legacy per-partition state for issues (migrated); weeks from Wednesday; the catalog's cursor for events.
        (
            ["clamp": "WEEK", "step": "P1W"],
            [
                state(
                    "issues",
                    ["p1": ["updated_at": "2024-05-20T00:00:00Z"], "p3": ["updated_at": "2024-05-05T00:00:00Z"]]),
                state("events", ["created_at": "2024-05-15T00:00:00Z"]),
            ],
            ["created_at"]
        ),
        // A state already per partition (not migrated again); months from mid-March; a union state.
        (
            ["clamp": "MONTH", "step": "P1M", "start": "2024-03-15T08:00:00Z"],
            [
                state(
                    "issues",
                    [
                        "states": [
                            ["partition": ["project_id": "p2", "parent_slice": [:]], "cursor": ["updated_at": "2024-05-20T00:00:00Z"]]
                        ]
                    ]),
                state("repos", ["states": [["partition": ["repo": "c"], "cursor": ["pushed_at": "2024-05-26"]]]]),
                state("daily", ["day": "2024-05-20T00:00:00Z"]),
            ],
            [""]
        ),
        // A legacy state that does not fit (a partition with two keys): left as it is; one window, clamped to days.
        (
            ["step": "P60D"],
            [state("issues", ["p1": ["updated_at": "2024-05-20T00:00:00Z", "other": 1]])],
            nil
        ),
    ]

    /// What a run is compared on.
    struct Outcome: Equatable, CustomStringConvertible {
        var requests: [String]
        var records: [String: [String]]
        var finalStates: [String: JSONValue]
        var errors: [String]

        var description: String {
            "requests:\n  \(requests.joined(separator: "\n  "))\nrecords: \(records)\nfinal states: \(finalStates)\nerrors: \(errors)"
        }

        init(messages: [JSONValue], requests: JSONValue) {
            // Distinct requests: `/projects` is read once or twice, by both engines, as the parent's
            // response cache is filled before or after the projects stream asks.
            self.requests = Set((requests.arrayValue ?? []).map(\.jsonText)).sorted()
            var records: [String: [String]] = [:]
            var finalStates: [String: JSONValue] = [:]
            var errors: [String] = []
            for message in messages {
                switch message["type"]?.stringValue {
                case "RECORD":
                    records[message["record"]?["stream"]?.stringValue ?? "", default: []].append(
                        message["record"]?["data"]?.jsonText ?? "")
                case "STATE":
                    if let stream = message["state"]?["stream"], let name = stream["stream_descriptor"]?["name"]?.stringValue {
                        // The sync's duration in seconds: 0 under the CDK's frozen clock, not under ours.
                        var state = stream["stream_state"]?.objectValue ?? JSONObject()
                        if state["lookback_window"] != nil { state["lookback_window"] = "<runtime>" }
                        finalStates[name] = .object(state)
                    }
                case "TRACE":
                    if let error = message["trace"]?["error"] { errors.append(error["message"]?.stringValue ?? "") }
                default: break
                }
            }
            self.records = records.mapValues { $0.sorted() }
            self.finalStates = finalStates
            self.errors = errors
        }
    }

    @Test(arguments: 0..<4) func readsLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        let (config, state, eventsCursor) = Self.scenarios[scenario]
        let catalog = Self.catalog(eventsCursor: eventsCursor)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: config, state: state, catalog: catalog,
                oracle: IncrementalStreamsOracleTests.oracle)
        }
        let cdk = Outcome(messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        let frozen = IncrementalStreamsOracleTests.frozenNow
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: manifest), config: config, options: DeclarativeSource.Options(now: { frozen }))
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: catalog, state: state, sink: sink)
        let ours = Outcome(messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        // Each scenario reads what it is about.
        #expect(cdk.errors.isEmpty, "\(cdk)")
        // Months from a state of 2024-05-20: since CDK 7.3x the start is clamped first, to June,
        // past the clamped end (May 31st), so no month is left to read.
        let streams = ["daily", "events", "issues", "projects", "repos"].filter { scenario != 2 || $0 != "daily" }
        #expect(cdk.records.keys.sorted() == streams, "\(cdk)")
        #expect(cdk.requests.filter { $0.contains("/repos/") }.count == 3, "a, b and c once each: \(cdk)")
        switch scenario {
        case 1:
            // Migrated, under partition keys without the substream's `parent_slice`: kept, and not matched.
            let migrated: JSONValue = ["partition": ["project_id": "p1"], "cursor": ["updated_at": "2024-05-20T00:00:00Z"]]
            #expect(cdk.finalStates["issues"]?["states"]?.arrayValue?.contains(migrated) == true, "migrated: \(cdk)")
            #expect(cdk.finalStates["events"]?["created_at"] != nil, "\(cdk)")
        case 3:
            #expect(!cdk.requests.contains { $0.contains("2024-05-20") }, "not migrated: \(cdk)")
        default: break
        }
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.finalStates == cdk.finalStates, "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(ours.errors == cdk.errors)
    }

    /// Discover says a cursor that the catalog may choose is not the source's.
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
                ["name", "supported_sync_modes", "source_defined_cursor", "default_cursor_field", "is_resumable"]
                    .map { "\($0)=\(stream[$0]?.jsonText ?? "-")" }.joined(separator: " ")
            }
        }
        #expect(summary(cdk).count == 5, "\(cdk)")
        #expect(summary(cdk).contains { $0.hasPrefix("name=\"events\"") && $0.contains("source_defined_cursor=false") }, "\(cdk)")
        #expect(summary(ours) == summary(cdk), "CDK \(cdk)\nours \(ours ?? .null)")
    }
}

/// What the CDK refuses when it builds these components is refused when the manifest loads,
/// with the CDK's reason and the component's path.
@Suite struct CDK7ComponentsRefusalTests {
    static let source = CDK7ComponentsOracleTests.manifest(port: 9)

    func refusal(_ yaml: String, config: JSONObject = [:]) throws -> ManifestError {
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: config)
        return try #require(throws: ManifestError.self) { try source.validate() }
    }

    @Test func anUnknownClampingTarget() throws {
        let error = try refusal(Self.source, config: ["clamp": "YEAR"])
        #expect(error.path == "streams[3].incremental_sync.clamping.target")
        #expect(error.message.contains("Invalid clamping target YEAR, expected DAY, WEEK, MONTH"), "\(error)")
    }

    @Test func weekClampingWithoutAWeekday() throws {
        let error = try refusal(
            Self.source.replacingOccurrences(of: "target_details: {weekday: WEDNESDAY}", with: "target_details: {}"),
            config: ["clamp": "WEEK"])
        #expect(error.message.contains("Given WEEK clamping, weekday needs to be provided as target_details"), "\(error)")
        let unknown = try refusal(
            Self.source.replacingOccurrences(of: "weekday: WEDNESDAY", with: "weekday: Wednesday"), config: ["clamp": "WEEK"])
        #expect(unknown.message.contains("Unknown weekday Wednesday"), "\(unknown)")
    }

    @Test func aStateMigrationWithoutASubstreamRouter() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "  - type: DeclarativeStream\n    name: events\n",
            with: "  - type: DeclarativeStream\n    name: events\n    state_migrations: [{type: LegacyToPerPartitionStateMigration}]\n")
        let error = try refusal(yaml)
        #expect(error.path.hasPrefix("streams[4].state_migrations[0]"), "\(error)")
        #expect(error.message.contains("can only be applied on a SimpleRetriever with a SubstreamPartitionRouter"), "\(error)")
    }

    @Test func aUnionWhoseChildEmitsAnotherField() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "{type: ListPartitionRouter, cursor_field: repo, values: [a, b]}",
            with: "{type: ListPartitionRouter, cursor_field: repository, values: [a, b]}")
        let error = try refusal(yaml)
        #expect(error.path == "streams[2].retriever.partition_router.partition_routers", "\(error)")
        #expect(
            error.message.contains(
                "expects all child partition routers to emit the partition field 'repo', but a ListPartitionRouter child emits 'repository'"
            ),
            "\(error)")
    }

    @Test func aUnionChildWithARequestOption() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "{type: ListPartitionRouter, cursor_field: repo, values: [a, b]}",
            with:
                "{type: ListPartitionRouter, cursor_field: repo, values: [a, b], request_option: {type: RequestOption, inject_into: request_parameter, field_name: r}}"
        )
        let error = try refusal(yaml)
        #expect(error.message.contains("Request options are not supported for UnionPartitionRouter."), "\(error)")
    }

    @Test func aCustomStateMigrationNeedsPython() throws {
        let yaml = Self.source.replacingOccurrences(
            of: "- type: LegacyToPerPartitionStateMigration", with: "- {type: CustomStateMigration, class_name: x.Y}")
        let error = try refusal(yaml)
        #expect(error.code == .unsupportedComponent)
        #expect(error.message.contains("CustomStateMigration (`x.Y`) needs Python code"), "\(error)")
    }
}
