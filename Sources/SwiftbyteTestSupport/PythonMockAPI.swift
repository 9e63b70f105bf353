/// A local HTTP API in Python for oracle tests, where the Python CDK and our engine must read
/// the same answers: the server, its request log and its stop on stdin's end are here once;
/// a test writes only how requests are answered.
public enum PythonMockAPI {
    /// The script of a threaded server on 127.0.0.1 that prints its port, then serves until its
    /// stdin closes (not a signal: a child can inherit a blocked SIGTERM).
    ///
    /// `answer` is Python code defining `answer(method, path, query, body)` (`query` a dict of
    /// the query string, `body` the raw bytes) returning `(status, body)`: `bytes` are sent
    /// as they are, anything else as JSON. Every request is logged (method, path, sorted query
    /// pairs); `GET /__log` answers the log since the last call and empties it.
    public static func script(answer: String) -> String {
        """
        import json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit, parse_qsl
        LOG, LOCK = [], threading.Lock()
        \(answer)
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def serve(self):
                url = urlsplit(self.path)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                pairs = parse_qsl(url.query)
                with LOCK:
                    if url.path == "/__log":
                        status, body, LOG[:] = 200, list(LOG), []
                    else:
                        LOG.append({"method": self.command, "path": url.path, "query": sorted(pairs)})
                if url.path != "/__log":
                    status, body = answer(self.command, url.path, dict(pairs), raw)
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream" if isinstance(body, bytes) else "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_GET = do_POST = serve
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()
        """
    }
}
