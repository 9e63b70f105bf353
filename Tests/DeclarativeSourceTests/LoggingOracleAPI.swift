import AirbyteProtocol
import DeclarativeManifest
import SwiftbyteTestSupport

@testable import DeclarativeSource

/// The local API most oracle tests read: a Python `Handler` for ``LocalPythonAPI`` that answers
/// each GET with `answer(path, query)` (a status and a JSON body, `query` the last value of each
/// parameter) and logs it; `GET /__log` answers the requests seen since the last call (path and
/// sorted query pairs) and forgets them, calling `forget()` (a no-op unless `definitions`
/// defines one, for a stateful API) under `LOCK`.
enum LoggingOracleAPI {
    /// The handler, with `definitions` (module-level Python: `answer` and what it needs, which
    /// may take `LOCK` too) in place.
    static func handler(answering definitions: String) -> String {
        """
        import json, threading
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit, parse_qsl
        LOG, LOCK = [], threading.Lock()
        def forget():
            pass
        \(definitions)
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_GET(self):
                url = urlsplit(self.path)
                pairs = parse_qsl(url.query)
                with LOCK:
                    if url.path == "/__log":
                        status, body, LOG[:] = 200, list(LOG), []
                        forget()
                    else:
                        LOG.append({"path": url.path, "query": sorted(pairs)})
                if url.path != "/__log":
                    status, body = answer(url.path, dict(pairs))
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        """
    }
}

/// One read of a manifest by the Python CDK's `source-declarative-manifest`, then by ours, against
/// the same ``LoggingOracleAPI`` with "now" frozen at 2024-06-01 for both: each engine's messages
/// and the requests it sent, in order.
struct OracleReads {
    var cdkMessages: [JSONValue]
    var cdkRequests: JSONValue
    var ourMessages: [JSONValue]
    var ourRequests: JSONValue

    static func run(
        python: String, port: Int, manifest: String, config: JSONObject = [:], state: [JSONValue] = [], catalog: JSONValue
    ) async throws -> OracleReads {
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: config, state: state, catalog: catalog, oracle: IncrementalStreamsOracleTests.oracle)
        }
        let cdkRequests = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let frozen = IncrementalStreamsOracleTests.frozenNow
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: manifest), config: config, options: DeclarativeSource.Options(now: { frozen }))
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: catalog, state: state, sink: sink)
        return OracleReads(
            cdkMessages: cdkMessages, cdkRequests: cdkRequests, ourMessages: sink.messages,
            ourRequests: try await AsyncRetrieverOracleTests.requestLog(port: port))
    }
}
