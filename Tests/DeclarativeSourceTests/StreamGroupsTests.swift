import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `stream_groups` with `BlockSimultaneousSyncsAction`: two streams of a group never have
/// requests in flight at the same time, while without the group they do (the API answers
/// each request after 50 ms, and the source reads two streams at once); every page is read
/// either way. A child in its parent's group is refused with the CDK's reason, by `read` and
/// by `check`, as the CDK refuses it when it builds the streams.
@Suite struct StreamGroupsTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``, threaded): three pages of one record
    /// per path, then an empty one, each answered after 50 ms. The first page of `/alpha` or
    /// `/beta` is held until a request of the other is in flight too (at most 5 s), so two
    /// streams read side by side overlap even on a loaded machine, where their requests can
    /// otherwise start seconds apart. `GET /__log` answers the requests seen since the last
    /// call, with when each started and ended.
    static let server = """
        import json, threading, time
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit, parse_qsl
        LOG, LOCK = [], threading.Lock()
        ACTIVE, CHANGED = [], threading.Condition()
        PARTNER = {"/alpha": "/beta", "/beta": "/alpha"}
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_GET(self):
                url = urlsplit(self.path)
                query = dict(parse_qsl(url.query))
                if url.path == "/__log":
                    with LOCK:
                        body, LOG[:] = list(LOG), []
                else:
                    started = time.monotonic()
                    page = int(query.get("page", "1"))
                    with CHANGED:
                        ACTIVE.append(url.path)
                        CHANGED.notify_all()
                        if page == 1 and url.path in PARTNER:
                            CHANGED.wait_for(lambda: PARTNER[url.path] in ACTIVE, timeout=5)
                    time.sleep(0.05)
                    with CHANGED:
                        ACTIVE.remove(url.path)
                    body = {"data": [{"id": f"{url.path[1:]}-{page}"}] if page <= 3 else []}
                    with LOCK:
                        LOG.append({"path": url.path, "query": sorted(query.items()), "start": started, "end": time.monotonic()})
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        """

    static func manifest(port: Int, grouped: Bool) -> String {
        let groups =
            grouped
            ? """
            stream_groups:
              shared_session:
                streams: [{$ref: "#/definitions/alpha"}, {$ref: "#/definitions/beta"}]
                action: {type: BlockSimultaneousSyncsAction}
            """ : ""
        return """
            version: 7.0.0
            type: DeclarativeSource
            check: {type: CheckStream, stream_names: [alpha]}
            spec: {type: Spec, connection_specification: {type: object, properties: {}}}
            concurrency_level: {type: ConcurrencyLevel, default_concurrency: 4}
            definitions:
              retriever:
                type: SimpleRetriever
                requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", path: "/{{ parameters.name }}"}
                record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
                paginator:
                  type: DefaultPaginator
                  pagination_strategy: {type: PageIncrement, page_size: 1, start_from_page: 1}
                  page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: page}
              alpha: {type: DeclarativeStream, name: alpha, $parameters: {name: alpha}, retriever: {$ref: "#/definitions/retriever"}, schema_loader: {type: InlineSchemaLoader, schema: {}}}
              beta: {type: DeclarativeStream, name: beta, $parameters: {name: beta}, retriever: {$ref: "#/definitions/retriever"}, schema_loader: {type: InlineSchemaLoader, schema: {}}}
              gamma: {type: DeclarativeStream, name: gamma, $parameters: {name: gamma}, retriever: {$ref: "#/definitions/retriever"}, schema_loader: {type: InlineSchemaLoader, schema: {}}}
            streams: [{$ref: "#/definitions/alpha"}, {$ref: "#/definitions/beta"}, {$ref: "#/definitions/gamma"}]
            \(groups)
            """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["alpha", "beta", "gamma"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                    "sync_mode": "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    /// Whether a request of `first` was in flight while one of `second` was.
    static func overlap(_ log: JSONValue, _ first: String, _ second: String) -> Bool {
        func spans(_ path: String) -> [(Double, Double)] {
            (log.arrayValue ?? []).filter { $0["path"]?.stringValue == path }.compactMap { entry in
                guard let start = entry["start"]?.doubleValue, let end = entry["end"]?.doubleValue else { return nil }
                return (start, end)
            }
        }
        return spans(first).contains { a in spans(second).contains { b in a.0 < b.1 && b.0 < a.1 } }
    }

    @Test(arguments: [true, false]) func groupedStreamsAreNotReadTogether(grouped: Bool) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let manifest = Self.manifest(port: api.port, grouped: grouped)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: api.port)
        let sink = AsyncRetrieverOracleTests.LinesSink()
        let ok = await DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).read(
            catalog: Self.catalog, state: [], sink: sink)
        let log = try await AsyncRetrieverOracleTests.requestLog(port: api.port)
        #expect(ok)
        #expect((log.arrayValue ?? []).count == 12, "\(log)")
        let records = sink.messages.filter { $0["type"] == "RECORD" }.count
        #expect(records == 9)
        if grouped {
            #expect(!Self.overlap(log, "/alpha", "/beta"), "the group's streams overlapped: \(log)")
            #expect(Self.overlap(log, "/alpha", "/gamma") || Self.overlap(log, "/beta", "/gamma"), "nothing ran beside the group: \(log)")
        } else {
            #expect(Self.overlap(log, "/alpha", "/beta"), "without the group the two are read together: \(log)")
        }
    }

    @Test func aChildInItsParentsGroupIsRefused() async throws {
        let manifest = Self.manifest(port: 9, grouped: true).replacingOccurrences(
            of: "beta: {type: DeclarativeStream, name: beta, $parameters: {name: beta}, retriever: {$ref: \"#/definitions/retriever\"}",
            with: """
                beta: {type: DeclarativeStream, name: beta, $parameters: {name: beta}, retriever: {$ref: "#/definitions/retriever", \
                partition_router: {type: SubstreamPartitionRouter, parent_stream_configs: [{type: ParentStreamConfig, parent_key: id, \
                partition_field: alpha_id, stream: {$ref: "#/definitions/alpha"}}]}}
                """)
        #expect(manifest.contains("partition_router"))
        // The check names the child: since CDK 7.3x a check builds only the streams it names.
        let checked = manifest.replacingOccurrences(of: "stream_names: [alpha]", with: "stream_names: [beta]")
        #expect(checked != manifest)
        let sink = AsyncRetrieverOracleTests.LinesSink()
        let ok = await DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).read(
            catalog: Self.catalog, state: [], sink: sink)
        #expect(!ok)
        guard
            case .failed(let reason) = await DeclarativeSource(manifest: try ResolvedManifest(yaml: checked), config: [:]).check(
                sink: AsyncRetrieverOracleTests.LinesSink())
        else {
            Issue.record("check passed")
            return
        }
        #expect(reason.contains("Encountered an error while discovering streams") && reason.contains("both in group"), "\(reason)")
        let errors = sink.messages.compactMap { $0["trace"]?["error"]?["message"]?.stringValue }
        #expect(
            errors.contains {
                $0.contains(
                    "Stream 'beta' and its parent stream 'alpha' are both in group 'shared_session'. A child stream must not share a group with its parent to avoid deadlock."
                )
            }, "\(errors)")
    }
}
