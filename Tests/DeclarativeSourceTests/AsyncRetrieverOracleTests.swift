import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `AsyncRetriever` against the Python CDK, both reading the same local API that serves a
/// job's lifecycle: creation, a pending poll, then completion with download URLs whose bodies
/// are gzipped CSV or JSON. One slice's first job fails (retried), one slice's first creation
/// is refused with a 400 (an error TRACE, then retried), one slice's job is cancelled (skipped:
/// no records, no retry). The requests (as a multiset: the CDK polls a set of jobs in no set
/// order), the records per stream, the final states and the error TRACEs must be the same.
@Suite struct AsyncRetrieverOracleTests {
    /// The local API. `GET /__log` answers the requests seen since the last call and forgets
    /// every job, so each engine starts from the same API.
    static let server = """
        import gzip, json, threading
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit, parse_qsl
        LOCK = threading.Lock()
        LOG, ATTEMPTS, POLLS, REFUSED = [], {}, {}, set()
        KEPT_HEADERS = ("authorization", "x-scope", "x-token", "content-type")
        def new_job(kind, key):
            ATTEMPTS[(kind, key)] = ATTEMPTS.get((kind, key), 0) + 1
            return f"{kind}-{key}-{ATTEMPTS[(kind, key)]}"
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def reply(self, status, body, headers=()):
                data = body if isinstance(body, bytes) else json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                if body is not None:
                    self.send_header("Content-Type", "application/json" if not isinstance(body, bytes) else "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                for name, value in headers:
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            def serve(self):
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                if url.path == "/__log":
                    with LOCK:
                        out = list(LOG)
                        LOG.clear(); ATTEMPTS.clear(); POLLS.clear(); REFUSED.clear()
                    return self.reply(200, out)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode()
                headers = sorted([k.lower(), v] for k, v in self.headers.items() if k.lower() in KEPT_HEADERS)
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                parts = url.path.strip("/").split("/")
                with LOCK:
                    LOG.append({"method": self.command, "path": url.path, "query": sorted(parse_qsl(url.query)), "headers": headers, "body": body})
                    if self.command == "POST" and parts == ["exports"]:
                        job = new_job("exports", "all")
                        return self.reply(200, {"id": job, "status": "pending"}, [("X-Token", "token-" + job)])
                    if self.command == "POST" and parts == ["reports"]:
                        key = f"{body['profile']}_{body['start']}"
                        if key == "p2_2024-01-11" and key not in REFUSED:
                            REFUSED.add(key)
                            return self.reply(400, {"error": "the report cannot be created now"})
                        return self.reply(201, {"reportId": new_job("reports", key)})
                    if self.command == "GET" and len(parts) == 2 and parts[0] in ("exports", "reports"):
                        job = parts[1]
                        POLLS[job] = POLLS.get(job, 0) + 1
                        if parts[0] == "exports":
                            if POLLS[job] == 1:
                                return self.reply(200, {"status": "pending"})
                            return self.reply(200, {"status": "ready", "urls": [f"{base}/files/{job}/1", f"{base}/files/{job}/2"]})
                        if job == "reports-p1_2024-01-01-1":
                            return self.reply(200, {"status": "FAILED"})
                        if job.startswith("reports-p3_"):
                            return self.reply(200, {"status": "FAILED"})
                        if job.startswith("reports-p2_2024-01-01"):
                            return self.reply(200, {"status": "CANCELLED"})
                        if POLLS[job] == 1:
                            return self.reply(200, {"status": "PENDING"})
                        return self.reply(200, {"status": "COMPLETED", "url": f"{base}/files/{job}/1"})
                    if self.command == "POST" and len(parts) == 3 and parts[0] == "exports" and parts[2] == "delete":
                        return self.reply(204, None)
                    if self.command == "GET" and len(parts) == 3 and parts[0] == "files":
                        job, part = parts[1], parts[2]
                        if job.startswith("exports"):
                            rows = "ID,Email,Created\\n" + "".join(f"{job}-{part}-{i},user{i}@example.com,2024-01-0{i}\\n" for i in range(1, 4))
                            return self.reply(200, gzip.compress(rows.encode()))
                        start = job.split("_")[1][:10]
                        day = int(start[-2:])
                        records = [{"date": f"2024-01-{day + offset:02d}", "clicks": offset, "job": job} for offset in (0, 2, 5)]
                        return self.reply(200, gzip.compress(json.dumps(records).encode()))
                    return self.reply(404, {"error": "unknown"})
            do_GET = do_POST = serve
        """

    static func manifest(port: Int) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [contacts]}
        spec:
          type: Spec
          connection_specification: {type: object, properties: {api_key: {type: string, airbyte_secret: true}, start_date: {type: string}}}
        max_concurrent_async_job_count: "{{ config.get('job_slots', 2) }}"
        definitions:
          base:
            type: HttpRequester
            url_base: "http://127.0.0.1:\(port)"
            authenticator: {type: BearerAuthenticator, api_token: "{{ config.api_key }}"}
        streams:
          - type: DeclarativeStream
            name: contacts
            primary_key: [id]
            schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
            transformations: [{type: KeysToLower}]
            retriever:
              type: AsyncRetriever
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
              status_mapping: {type: AsyncJobStatusMap, running: [pending], completed: [ready], failed: [failed], timeout: [timeout]}
              status_extractor: {type: DpathExtractor, field_path: [status]}
              download_target_extractor: {type: DpathExtractor, field_path: [urls]}
              creation_requester: {$ref: "#/definitions/base", path: /exports, http_method: POST, request_body_json: {format: csv}}
              polling_requester:
                $ref: "#/definitions/base"
                path: "/exports/{{ creation_response['id'] }}"
                request_headers: {X-Token: "{{ creation_response.headers['X-Token'] }}"}
              delete_requester: {$ref: "#/definitions/base", path: "/exports/{{ creation_response['id'] }}/delete", http_method: POST}
              download_requester: {type: HttpRequester, url_base: "{{ download_target }}", http_method: GET}
              download_decoder: {type: GzipDecoder, decoder: {type: CsvDecoder}}
          - type: DeclarativeStream
            name: reports
            primary_key: [profileId, date]
            schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
            incremental_sync:
              type: DatetimeBasedCursor
              cursor_field: date
              datetime_format: "%Y-%m-%d"
              start_datetime: "{{ config.start_date }}"
              end_datetime: "2024-01-20"
              step: P10D
              cursor_granularity: P1D
            transformations:
              - {type: AddFields, fields: [{path: [profileId], value: "{{ stream_partition['profile'] }}"}]}
            retriever:
              type: AsyncRetriever
              partition_router: {type: ListPartitionRouter, values: "{{ config.get('profiles', ['p1', 'p2']) }}", cursor_field: profile}
              record_selector:
                type: RecordSelector
                extractor: {type: DpathExtractor, field_path: []}
                record_filter: {type: RecordFilter, condition: "{{ record.clicks > 0 }}"}
              status_mapping: {running: [PENDING], completed: [COMPLETED], failed: [FAILED], timeout: [TIMEOUT], skipped: [CANCELLED]}
              status_extractor: {type: DpathExtractor, field_path: [status]}
              download_target_extractor: {type: DpathExtractor, field_path: [url]}
              creation_requester:
                $ref: "#/definitions/base"
                path: /reports
                http_method: POST
                request_headers: {X-Scope: "{{ stream_partition['profile'] }}"}
                request_body_json: {profile: "{{ stream_partition['profile'] }}", start: "{{ stream_interval.start_time }}", end: "{{ stream_interval.end_time }}"}
              polling_requester:
                $ref: "#/definitions/base"
                path: "/reports/{{ creation_response['reportId'] }}"
                request_headers: {X-Scope: "{{ stream_slice.extra_fields['creation_response'].request.headers['X-Scope'] }}"}
              download_requester: {type: HttpRequester, url_base: "", path: "{{ download_target }}", http_method: GET}
              download_decoder: {type: GzipDecoder, decoder: {type: JsonDecoder}}
        """
    }

    static let config: JSONObject = ["api_key": "secret-key", "start_date": "2024-01-01"]
    /// One job slot for both streams, and a profile whose every job fails: 3 attempts per
    /// slice, then the stream fails once its other slices are read.
    static let failingConfig: JSONObject = ["api_key": "secret-key", "start_date": "2024-01-01", "job_slots": 1, "profiles": ["p3", "p1"]]
    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "contacts", "json_schema": [:], "supported_sync_modes": ["full_refresh"]], "sync_mode": "full_refresh",
                "destination_sync_mode": "overwrite",
            ],
            [
                "stream": ["name": "reports", "json_schema": [:], "supported_sync_modes": ["full_refresh", "incremental"]],
                "sync_mode": "incremental",
                "destination_sync_mode": "append",
            ],
        ]
    ]
    /// No state, then p1 already read up to 2024-01-12, then failing jobs (no state).
    static let states: [[JSONValue]] = [
        [],
        [
            [
                "type": "STREAM",
                "stream": [
                    "stream_descriptor": ["name": "reports"],
                    "stream_state": ["states": [["partition": ["profile": "p1"], "cursor": ["date": "2024-01-12"]]]],
                ],
            ]
        ],
    ]

    /// The CDK's `source-declarative-manifest read`, with the orchestrator's 5-second wait between
    /// polls set to 0 (as ours is made 1 ms): the same requests, sooner.
    static let oracle = """
        import sys
        from airbyte_cdk.sources.declarative.async_job.job_orchestrator import AsyncJobOrchestrator
        AsyncJobOrchestrator._WAIT_TIME_BETWEEN_STATUS_UPDATE_IN_SECONDS = 0
        from airbyte_cdk.cli.source_declarative_manifest import run
        sys.argv[0] = "source-declarative-manifest"
        run()
        """

    /// What a run is compared on.
    struct Outcome: Equatable, CustomStringConvertible {
        var requests: [String]
        var records: [String: [String]]
        var finalStates: [String: JSONValue]
        var errors: [String]
        var statuses: [String]

        var description: String {
            "requests:\n  \(requests.joined(separator: "\n  "))\nrecords: \(records)\nstates: \(finalStates)\nerrors: \(errors)\nstatuses: \(statuses)"
        }

        init(messages: [JSONValue], requests: JSONValue) {
            self.requests = (requests.arrayValue ?? []).map(\.jsonText).sorted()
            var records: [String: [String]] = [:]
            var states: [String: JSONValue] = [:]
            var errors: [String] = []
            var statuses: [String] = []
            for message in messages {
                switch message["type"]?.stringValue {
                case "RECORD":
                    // Keys sorted: the CDK's KeysToLower re-inserts keys in a set's order.
                    records[message["record"]?["stream"]?.stringValue ?? "", default: []].append(
                        AsyncRetrieverOracleTests.sortedKeys(message["record"]?["data"] ?? .null).jsonText)
                case "STATE":
                    if let stream = message["state"]?["stream"], let name = stream["stream_descriptor"]?["name"]?.stringValue {
                        states[name] = stream["stream_state"]
                    }
                case "TRACE":
                    if let error = message["trace"]?["error"] {
                        errors.append(
                            "\(error["failure_type"]?.stringValue ?? "") \(error["stream_descriptor"]?["name"]?.stringValue ?? "-")")
                    }
                    if let status = message["trace"]?["stream_status"] {
                        statuses.append(
                            "\(status["stream_descriptor"]?["name"]?.stringValue ?? "") \(status["status"]?.stringValue ?? "")")
                    }
                default: break
                }
            }
            self.records = records.mapValues { $0.sorted() }
            finalStates = states
            self.errors = errors.sorted()
            self.statuses = statuses.filter { !$0.hasSuffix("RUNNING") }.sorted()
        }
    }

    static func sortedKeys(_ value: JSONValue) -> JSONValue {
        guard case .object(let object) = value else { return value }
        return .object(JSONObject(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
    }

    final class LinesSink: MessageSink {
        private let lines = Mutex<[[UInt8]]>([])
        func write(line: [UInt8]) { lines.withLock { $0.append(line) } }
        func write(lines more: [[UInt8]]) { lines.withLock { $0.append(contentsOf: more) } }
        func flush() {}
        var messages: [JSONValue] { lines.withLock { $0 }.compactMap { try? JSONValue(parsing: $0) } }
    }

    static func requestLog(port: Int) async throws -> JSONValue {
        try await onOwnThread {
            let data = try Data(contentsOf: URL(string: "http://127.0.0.1:\(port)/__log")!)
            return try JSONValue(parsing: Array(data))
        }
    }

    /// The CDK's `read` (`oracle`, a Python script taking the command's arguments) in a
    /// temporary folder; its stdout's messages.
    static func runCDK(
        _ python: String, manifest: String, config: JSONObject, state: [JSONValue],
        catalog: JSONValue = catalog, oracle: String = oracle, command: String = "read"
    ) throws -> [JSONValue] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("async-oracle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let files: [(String, String)] = [
            ("manifest.yaml", manifest), ("config.json", JSONValue.object(config).jsonText),
            ("catalog.json", catalog.jsonText), ("state.json", JSONValue.array(state).jsonText),
        ]
        for (name, text) in files { try Data(text.utf8).write(to: folder.appendingPathComponent(name)) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.currentDirectoryURL = folder
        process.arguments =
            command == "read"
            ? [
                "-c", oracle, "read", "--config", "config.json", "--catalog", "catalog.json", "--state", "state.json",
                "--manifest-path", "manifest.yaml",
            ] : ["-c", oracle, command, "--config", "config.json", "--manifest-path", "manifest.yaml"]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { try? JSONValue(parsing: Array($0)) }
    }

    @Test(arguments: [0, 1, 2]) func readsLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        let state = scenario == 1 ? Self.states[1] : []
        let config = scenario == 2 ? Self.failingConfig : Self.config
        _ = try await Self.requestLog(port: port)
        let cdkMessages = try await onOwnThread { try Self.runCDK(python, manifest: manifest, config: config, state: state) }
        let cdk = Outcome(messages: cdkMessages, requests: try await Self.requestLog(port: port))

        var options = DeclarativeSource.Options()
        options.asyncJobPollInterval = .milliseconds(1)
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: config, options: options)
        let sink = LinesSink()
        _ = await source.read(catalog: Self.catalog, state: state, sink: sink)
        let ours = Outcome(messages: sink.messages, requests: try await Self.requestLog(port: port))

        // The CDK read the jobs' records: the scenario is exercised, not an empty run.
        #expect(cdk.records["contacts"]?.count == 6, "\(cdk)")
        #expect((cdk.records["reports"]?.count ?? 0) >= 4, "\(cdk)")
        if scenario == 2 {
            #expect(cdk.statuses.contains("reports INCOMPLETE"), "\(cdk)")
            #expect(cdk.requests.filter { $0.contains("\"x-scope\",\"p3\"]],\"body\":{") }.count == 6, "3 attempts per p3 slice: \(cdk)")
        } else {
            #expect(cdk.errors.count == 1, "the refused creation: \(cdk)")
        }
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records)
        #expect(ours.finalStates == cdk.finalStates, "CDK \(cdk.finalStates)\nours \(ours.finalStates)")
        #expect(ours.errors == cdk.errors)
        #expect(ours.statuses == cdk.statuses)
    }
}
