import DeclarativeManifest
import Foundation
import NIOCore
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeSource

/// Where a URL's request goes (``HTTPTarget``): read from the text as `requests` sends it.
@Suite struct HTTPTargetTests {
    @Test func readsOriginAndRequestTarget() throws {
        let plain = try #require(HTTPTarget(url: "http://api.example.com/v1/items?page=2&q=a%20b#part"))
        #expect(plain.origin == .init(isTLS: false, host: "api.example.com", port: 80))
        #expect(plain.requestTarget == "/v1/items?page=2&q=a%20b")
        #expect(plain.origin.hostHeader == "api.example.com")

        let tls = try #require(HTTPTarget(url: "HTTPS://api.example.com:8443?x=1"))
        #expect(tls.origin == .init(isTLS: true, host: "api.example.com", port: 8443))
        #expect(tls.requestTarget == "/?x=1")
        #expect(tls.origin.hostHeader == "api.example.com:8443")
        #expect(!tls.origin.hostIsAddress)

        let bare = try #require(HTTPTarget(url: "https://example.com"))
        #expect(bare.requestTarget == "/")
        #expect(bare.origin.port == 443)

        let local = try #require(HTTPTarget(url: "http://127.0.0.1:8080/a|b{c}"))
        #expect(local.origin.hostIsAddress)
        #expect(local.requestTarget == "/a|b{c}", "sent as written, as requests does")

        let ipv6 = try #require(HTTPTarget(url: "http://[::1]:9000/x"))
        #expect(ipv6.origin.host == "::1")
        #expect(ipv6.origin.port == 9000)
        #expect(ipv6.origin.hostHeader == "[::1]:9000")
    }

    @Test func readsCredentialsBeforeTheHost() throws {
        let target = try #require(HTTPTarget(url: "https://me%40work:p%3Ass@host.example/path"))
        #expect(target.credentials?.user == "me@work")
        #expect(target.credentials?.password == "p:ss")
        #expect(target.origin.host == "host.example")

        let userOnly = try #require(HTTPTarget(url: "http://token@host.example:/a@b?c=d@e"))
        #expect(userOnly.credentials?.user == "token")
        #expect(userOnly.credentials?.password == "")
        #expect(userOnly.origin == .init(isTLS: false, host: "host.example", port: 80), "an empty port is the default")
        #expect(userOnly.requestTarget == "/a@b?c=d@e", "an @ after the host is the path's")
    }

    @Test func keepsNonASCIITargetsAsWritten() throws {
        let target = try #require(HTTPTarget(url: "https://bücher.example/straße?q=é#frag"))
        #expect(target.origin.host == "bücher.example")
        #expect(target.requestTarget == "/straße?q=é")
        let query = try #require(HTTPTarget(url: "http://h?x=1/2"))
        #expect(query.origin.host == "h")
        #expect(query.requestTarget == "/?x=1/2")
    }

    @Test(arguments: ["ftp://example.com/x", "example.com/x", "http:///path", "http://host:99999/", "http://host:12ab/", "http://[::1/"])
    func refusesWhatIsNoHTTPURL(_ url: String) {
        #expect(HTTPTarget(url: url) == nil)
    }
}

/// Redirects as `requests`' `SessionRedirectMixin` rebuilds the request.
@Suite struct HTTPRedirectTests {
    static let post = OutgoingRequest(
        method: "POST", url: "https://api.example.com/v1/search?q=1",
        headers: [("Authorization", "Bearer t"), ("Content-Type", "application/json"), ("X-Key", "k")],
        body: Array(#"{"a":1}"#.utf8))

    @Test func seeOtherAndFoundBecomeGetsWithoutTheBody() throws {
        for status in [301, 302, 303] {
            let next = try #require(HTTPEngine.redirected(Self.post, status: status, location: "/v2/search"))
            #expect(next.method == "GET")
            #expect(next.url == "https://api.example.com/v2/search")
            #expect(next.body == nil)
            #expect(next.headers.map(\.0) == ["Authorization", "X-Key"], "same host: the credentials stay")
        }
    }

    @Test func temporaryAndPermanentRedirectsKeepMethodAndBody() throws {
        for status in [307, 308] {
            let next = try #require(HTTPEngine.redirected(Self.post, status: status, location: "page2?x=y"))
            #expect(next.method == "POST")
            #expect(next.url == "https://api.example.com/v1/page2?x=y")
            #expect(next.body == Self.post.body)
            #expect(next.headers.count == 3)
        }
    }

    @Test func anotherHostOrAPlainSchemeLosesTheAuthorization() throws {
        let elsewhere = try #require(HTTPEngine.redirected(Self.post, status: 307, location: "https://cdn.example.net/file"))
        #expect(!elsewhere.headers.contains { $0.0 == "Authorization" })
        #expect(elsewhere.headers.contains { $0.0 == "X-Key" })
        let downgraded = try #require(HTTPEngine.redirected(Self.post, status: 307, location: "http://api.example.com/v1"))
        #expect(!downgraded.headers.contains { $0.0 == "Authorization" })
    }
}

/// The transport against a real local HTTP server: keep-alive reuse, servers that close,
/// compressed and chunked bodies, redirects, limits and timeouts.
@Suite struct HTTPEngineTransportTests {
    /// Answers by path; every response says which client port sent the request, so a test can
    /// count connections. HTTP/1.1 (keep-alive) unless the path starts with /close.
    static let server = #"""
        import gzip, json, time
        from http.server import BaseHTTPRequestHandler
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def reply(self, status, body, headers=()):
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                if not any(name == "Transfer-Encoding" for name, _ in headers):
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def answer(self, body):
                length = int(self.headers.get("Content-Length") or 0)
                sent = self.rfile.read(length).decode() if length else None
                echo = {"port": self.client_address[1], "method": self.command, "path": self.path, "body": sent,
                        "host": self.headers.get("Host"), "authorization": self.headers.get("Authorization"),
                        "accept_encoding": self.headers.get("Accept-Encoding")}
                path = self.path
                if path.startswith("/close"):
                    self.close_connection = True
                    self.reply(200, json.dumps(echo).encode(), [("Connection", "close")])
                elif path.startswith("/drop"):
                    # Answers as if keeping the connection, then closes it: the client's next request on it fails.
                    self.reply(200, json.dumps(echo).encode())
                    self.close_connection = True
                elif path.startswith("/gzip"):
                    self.reply(200, gzip.compress(json.dumps(echo).encode()), [("Content-Encoding", "gzip")])
                elif path.startswith("/chunked"):
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    for part in (b'{"chunks": ', b'[1, 2, ', b'3]}'):
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                    self.wfile.write(b"0\r\n\r\n")
                elif path.startswith("/redirect/"):
                    hops = int(path.split("/")[2])
                    location = "/echo" if hops == 0 else f"/redirect/{hops - 1}"
                    self.reply(302, b"", [("Location", location)])
                elif path.startswith("/big"):
                    self.reply(200, b"x" * 100000)
                elif path.startswith("/slow"):
                    time.sleep(2)
                    self.reply(200, b"{}")
                elif path.startswith("/silent"):
                    time.sleep(6)
                    self.reply(200, b"{}")
                elif path.startswith("/trickle"):
                    # Six chunks 0.4 s apart: 2.4 s in all, never 2 s without a byte.
                    self.send_response(200)
                    self.send_header("Transfer-Encoding", "chunked")
                    self.end_headers()
                    self.wfile.flush()
                    for index in range(6):
                        time.sleep(0.4)
                        part = b"[" if index == 0 else b"]" if index == 5 else b" "
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        self.wfile.flush()
                    self.wfile.write(b"0\r\n\r\n")
                else:
                    self.reply(200, json.dumps(echo).encode())
            def do_GET(self):
                self.answer(None)
            def do_POST(self):
                self.answer(None)
        """#

    /// Runs `body` against the server with a fresh engine, shut down afterwards.
    static func withServer(
        engine: HTTPEngine = HTTPEngine(), _ body: (_ base: String, _ engine: HTTPEngine) async throws -> Void
    ) async throws {
        let api = try await onOwnThread { try LocalPythonAPI.start(python: "/usr/bin/python3", handler: Self.server) }
        defer { api.stop() }
        do {
            try await body("http://127.0.0.1:\(api.port)", engine)
        } catch {
            await engine.shutdown()
            throw error
        }
        await engine.shutdown()
    }

    static func get(_ engine: HTTPEngine, _ url: String, method: String = "GET", body: String? = nil) async throws -> (
        HTTPResponse, JSONObjectText
    ) {
        let response = try await engine.send(
            OutgoingRequest(method: method, url: url, headers: [("Authorization", "Bearer abc")], body: body.map { Array($0.utf8) }))
        return (response, JSONObjectText(response.body))
    }

    /// A response body read as a flat JSON object, for the echo's fields.
    struct JSONObjectText {
        let object: [String: Any]
        init(_ bytes: [UInt8]) {
            object = (try? JSONSerialization.jsonObject(with: Data(bytes))) as? [String: Any] ?? [:]
        }
        subscript(key: String) -> Any? { object[key] }
    }

    @Test func keptAliveConnectionsCarryTheNextRequests() async throws {
        try await Self.withServer { base, engine in
            var ports: Set<Int> = []
            for index in 0..<20 {
                let (response, echo) = try await Self.get(engine, "\(base)/echo?n=\(index)")
                #expect(response.status == 200)
                #expect(echo["path"] as? String == "/echo?n=\(index)")
                #expect(echo["host"] as? String == base.replacingOccurrences(of: "http://", with: ""))
                #expect(echo["authorization"] as? String == "Bearer abc")
                ports.insert(echo["port"] as? Int ?? -1)
            }
            #expect(ports.count == 1, "one connection for 20 sequential requests: \(ports)")
        }
    }

    @Test func serversThatCloseGetANewConnectionEachTime() async throws {
        try await Self.withServer { base, engine in
            var ports: Set<Int> = []
            for index in 0..<10 {
                let (response, echo) = try await Self.get(engine, "\(base)/close?n=\(index)")
                #expect(response.status == 200)
                ports.insert(echo["port"] as? Int ?? -1)
                // A server that closes without saying so: the next request finds the connection gone.
                let (dropped, _) = try await Self.get(engine, "\(base)/drop?n=\(index)")
                #expect(dropped.status == 200)
            }
            #expect(ports.count == 10)
        }
    }

    @Test func decodesGzipAndChunkedBodies() async throws {
        try await Self.withServer { base, engine in
            let (gzipped, echo) = try await Self.get(engine, "\(base)/gzip")
            #expect(gzipped.status == 200)
            #expect(echo["path"] as? String == "/gzip")
            #expect(echo["accept_encoding"] as? String == "deflate, gzip")
            let (chunked, _) = try await Self.get(engine, "\(base)/chunked")
            #expect(chunked.text == #"{"chunks": [1, 2, 3]}"#)
        }
    }

    @Test func followsRedirectsAndNamesTheURLThatAnswered() async throws {
        try await Self.withServer { base, engine in
            let (response, echo) = try await Self.get(engine, "\(base)/redirect/3", method: "POST", body: "{}")
            #expect(response.status == 200)
            #expect(response.url == "\(base)/echo")
            #expect(echo["method"] as? String == "GET", "302 turns a POST into a GET, as requests does")
            #expect(echo["body"] is NSNull)

            let error = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "\(base)/redirect/31") }
            #expect(error?.message.contains("Exceeded 30 redirects") == true)
        }
    }

    @Test func aBodyPastTheLimitFailsTheRequest() async throws {
        try await Self.withServer(engine: HTTPEngine(maximumBodyBytes: 50_000)) { base, engine in
            let error = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "\(base)/big") }
            #expect(error?.message.contains("exceeds 50000 bytes") == true)
            let (after, _) = try await Self.get(engine, "\(base)/echo")
            #expect(after.status == 200, "the engine goes on with a new connection")
        }
    }

    @Test func aSilentServerTimesOut() async throws {
        try await Self.withServer(engine: HTTPEngine(requestTimeout: .milliseconds(300))) { base, engine in
            // The server answers after 2 s: a timeout error, not its answer, shows the 0.3 s counted.
            let error = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "\(base)/slow") }
            #expect(error?.kind == .timeout, "\(error?.message ?? "")")
            #expect(error?.pythonClassName == "Timeout")
        }
    }

    /// A head that would end a line early (or hold a byte a URI may not) is refused before it
    /// is written, naming what is wrong; the connection goes on carrying requests.
    @Test func aHeadThatCouldSmuggleARequestIsNotSent() async throws {
        try await Self.withServer { base, engine in
            let cases: [(headers: [(String, String)], url: String, kind: TransportError.Kind, names: String)] = [
                ([("X-Test", "a\r\nX-Injected: 1")], "\(base)/echo", .other, "the value of the header 'X-Test'"),
                ([("X-Test", "nul\u{0}")], "\(base)/echo", .other, "the value of the header 'X-Test'"),
                ([("X Test", "a")], "\(base)/echo", .other, "the header name 'X Test'"),
                ([], "\(base)/echo?q=a b", .invalidURL, "must be percent-encoded"),
            ]
            for (headers, url, kind, names) in cases {
                let error = await #expect(throws: TransportError.self) {
                    _ = try await engine.send(OutgoingRequest(method: "GET", url: url, headers: headers, body: nil))
                }
                #expect(error?.kind == kind)
                #expect(error?.message.contains(names) == true, "\(error?.message ?? "")")
            }
            let (response, echo) = try await Self.get(engine, "\(base)/echo?tab=1")
            #expect(response.status == 200 && echo["path"] as? String == "/echo?tab=1")
            let tabbed = try await engine.send(
                OutgoingRequest(method: "GET", url: "\(base)/echo", headers: [("X-Test", "a\tb é")], body: nil))
            #expect(tabbed.status == 200, "a tab and non-ASCII bytes may be in a header value")
        }
    }

    /// The read timeout counts from the last bytes that arrived, as `requests`' socket timeout
    /// does: a response that takes longer than it in all, but never pauses that long, arrives;
    /// and a kept connection that waited idle past its timeout check still times out a silent server.
    @Test func aResponseThatKeepsArrivingDoesNotTimeOut() async throws {
        try await Self.withServer(engine: HTTPEngine(requestTimeout: .seconds(2))) { base, engine in
            for _ in 0..<2 {
                let (response, _) = try await Self.get(engine, "\(base)/trickle")
                #expect(response.status == 200)
                #expect(response.body == Array("[    ]".utf8))
            }
            try await Task.sleep(for: .milliseconds(2_500))
            let error = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "\(base)/silent") }
            #expect(error?.kind == .timeout, "\(error?.message ?? "")")
        }
    }

    /// A request's own read timeout holds on a kept connection whose timeout check is set for
    /// later: without it, the answer (after 6 s) would arrive before that check (10 s) runs.
    @Test func aShorterRequestTimeoutHoldsOnAKeptConnection() async throws {
        try await Self.withServer(engine: HTTPEngine(requestTimeout: .seconds(10))) { base, engine in
            let (first, _) = try await Self.get(engine, "\(base)/echo")
            #expect(first.status == 200)
            var shorter = OutgoingRequest(method: "GET", url: "\(base)/silent", headers: [], body: nil)
            shorter.transport.readTimeout = .milliseconds(300)
            let error = await #expect(throws: TransportError.self) { _ = try await engine.send(shorter) }
            #expect(error?.kind == .timeout, "\(error?.message ?? "")")
        }
    }

    /// A requester's `read_timeout_in_seconds` holds for its own requests on a kept-alive
    /// connection; the next request without one waits as the engine does.
    @Test func aRequestsOwnReadTimeoutHolds() async throws {
        try await Self.withServer { base, engine in
            var request = OutgoingRequest(method: "GET", url: "\(base)/slow", headers: [], body: nil)
            request.transport = try HttpRequester.transportOptions(
                ComponentNode(["type": "HttpRequester", "read_timeout_in_seconds": 0.3, "use_tcp_keepalive": true], path: "requester"))
            #expect(request.transport.readTimeout == .milliseconds(300) && request.transport.connectTimeout == .hours(24))
            let error = await #expect(throws: TransportError.self) { _ = try await engine.send(request) }
            #expect(error?.kind == .timeout, "\(error?.message ?? "")")
            request.transport = TransportOptions()
            #expect(try await engine.send(request).status == 200)
        }
        #expect(throws: ManifestError.self) {
            try HttpRequester.transportOptions(ComponentNode(["type": "HttpRequester", "connect_timeout_in_seconds": 0], path: "r"))
        }
    }

    @Test func aRefusedConnectionSaysSo() async throws {
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        // Port 9 (discard) has no listener here.
        let error = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "http://127.0.0.1:9/x") }
        #expect(error?.kind == .connect)
        #expect(error?.message.contains("Connection refused") == true, "\(error?.message ?? "")")
        let invalid = await #expect(throws: TransportError.self) { _ = try await Self.get(engine, "ftp://127.0.0.1/x") }
        #expect(invalid?.kind == .invalidURL)
    }
}
