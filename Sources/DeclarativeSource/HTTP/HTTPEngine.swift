internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import NIOPosix
internal import Synchronization

/// One HTTP request as the requester prepared it: the final URL (query included),
/// headers in order, and the body bytes.
/// A requester's connection settings (CDK 7.3x `connect_timeout_in_seconds`,
/// `read_timeout_in_seconds`, `use_tcp_keepalive`); nil timeouts are the engine's.
struct TransportOptions: Sendable, Equatable {
    var connectTimeout: TimeAmount?
    var readTimeout: TimeAmount?
    /// TCP keepalive on new connections: 60 s idle, probes every 10 s, 6 of them.
    var keepAlive = false
}

struct OutgoingRequest: Sendable, Hashable {
    var method: String
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]?
    /// How the connection is made and read; not part of what the request is (equality, caching).
    var transport = TransportOptions()

    static func == (lhs: OutgoingRequest, rhs: OutgoingRequest) -> Bool {
        lhs.method == rhs.method && lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers, by: { $0.0 == $1.0 && $0.1 == $1.1 })
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(url)
        hasher.combine(body)
        for (name, value) in headers {
            hasher.combine(name)
            hasher.combine(value)
        }
    }
}

/// A received response: status, headers as the server sent them, the (decompressed) body.
struct HTTPResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// The URL that answered (after redirects).
    var url: String
    /// Whether the response came from the in-memory cache rather than the network.
    var fromCache = false
    /// The body as JSON, parsed once for the extractor and the paginator alike.
    let parsedJSON = ParsedBody()

    /// `requests.Response.ok`: the status is below 400.
    var ok: Bool { status < 400 }

    /// The first header of that name, compared without case (as `requests` does).
    func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }

    var text: String { String(decoding: body, as: UTF8.self) }

    /// `decoder.decode(self)`; a JSON body is parsed only the first time.
    func decoded(by decoder: any ResponseDecoder) throws -> [JSONValue] {
        guard decoder is JSONResponseDecoder else { return try decoder.decode(self) }
        if let values = parsedJSON.values.withLock({ $0 }) { return values }
        let values = try decoder.decode(self)
        parsedJSON.values.withLock { $0 = values }
        return values
    }
}

/// A response body's decoded values, kept with the response (whose body never changes).
final class ParsedBody: Sendable {
    let values = Mutex<[JSONValue]?>(nil)
}

/// What went wrong below HTTP: the connection, TLS, a timeout.
struct TransportError: Error, CustomStringConvertible {
    var kind: Kind
    var message: String
    enum Kind: Sendable { case connect, timeout, invalidURL, other }
    var description: String { message }

    /// The `requests` exception the CDK would see, as its error messages name it.
    var pythonClassName: String {
        switch kind {
        case .connect: "ConnectionError"
        case .timeout: "Timeout"
        case .invalidURL: "InvalidURL"
        case .other: "RequestException"
        }
    }
}

/// The network: ``HTTP1Client`` (HTTP/1.1 with keep-alive, gzip/deflate decoded,
/// TLS with the system's roots, timeouts), redirects followed as `requests`
/// follows them; one engine shared by every request of a sync.
final class HTTPEngine: Sendable {
    private let client: HTTP1Client
    /// The most a response body may hold; a page is held in memory while its records are read.
    let maximumBodyBytes: Int
    /// `requests`' limit (`Session.max_redirects`).
    static let maximumRedirects = 30

    init(
        connectTimeout: TimeAmount = .seconds(30), requestTimeout: TimeAmount = .seconds(600),
        maximumBodyBytes: Int = 1 << 30
    ) {
        // A connection that cannot be made fails its request at once, as with the CDK's `requests`:
        // the manifest's error handler decides whether and when to retry.
        client = HTTP1Client(connectTimeout: connectTimeout, readTimeout: requestTimeout)
        self.maximumBodyBytes = maximumBodyBytes
    }

    func shutdown() async {
        await client.shutdown()
    }

    /// Sends `outgoing`, following redirects; the response names the URL that answered.
    func send(_ outgoing: OutgoingRequest) async throws(TransportError) -> HTTPResponse {
        var request = outgoing
        var redirects = 0
        while true {
            let response = try await sendOnce(request)
            guard [301, 302, 303, 307, 308].contains(response.status),
                let location = response.header("Location"),
                let next = Self.redirected(request, status: response.status, location: location)
            else { return response }
            redirects += 1
            guard redirects <= Self.maximumRedirects else {
                throw TransportError(kind: .other, message: "Exceeded \(Self.maximumRedirects) redirects, from \(outgoing.url)")
            }
            request = next
        }
    }

    /// The request a redirect asks for, as `requests`' `SessionRedirectMixin` makes it: the
    /// location resolved against the URL; 303 (and 302, and 301 after a POST) become a GET;
    /// except after 307 and 308 the body and its headers are dropped; `Authorization` is
    /// dropped when the host changes or HTTPS becomes HTTP.
    static func redirected(_ request: OutgoingRequest, status: Int, location: String) -> OutgoingRequest? {
        guard let base = URL(string: request.url), let resolved = URL(string: location, relativeTo: base)?.absoluteURL else {
            return nil
        }
        var next = request
        next.url = resolved.absoluteString
        let method = request.method.uppercased()
        if ([302, 303].contains(status) && method != "HEAD") || (status == 301 && method == "POST") {
            next.method = "GET"
        }
        if status != 307 && status != 308 {
            next.body = nil
            let dropped: Set<String> = ["content-length", "content-type", "transfer-encoding"]
            next.headers.removeAll { dropped.contains($0.0.lowercased()) }
        }
        let from = HTTPTarget(url: request.url)
        let to = HTTPTarget(url: next.url)
        if from?.origin.host.lowercased() != to?.origin.host.lowercased()
            || (from?.origin.isTLS == true && to?.origin.isTLS == false)
        {
            next.headers.removeAll { $0.0.lowercased() == "authorization" }
        }
        return next
    }

    private func sendOnce(_ outgoing: OutgoingRequest) async throws(TransportError) -> HTTPResponse {
        guard let target = HTTPTarget(url: outgoing.url) else {
            throw TransportError(kind: .invalidURL, message: "Invalid URL \(outgoing.url): not an absolute http or https URL with a host")
        }
        var headers = HTTPHeaders()
        for (name, value) in outgoing.headers { headers.add(name: name, value: value) }
        if let credentials = target.credentials, !headers.contains(name: "Authorization") {
            let token = Data("\(credentials.user):\(credentials.password)".utf8).base64EncodedString()
            headers.add(name: "Authorization", value: "Basic \(token)")
        }
        do {
            let response = try await client.execute(
                method: HTTPMethod(rawValue: outgoing.method), target: target, headers: headers, body: outgoing.body,
                maximumBodyBytes: maximumBodyBytes, transport: outgoing.transport)
            var body = response.body
            let bytes = body.readBytes(length: body.readableBytes) ?? []
            return HTTPResponse(
                status: Int(response.head.status.code), headers: response.head.headers.map { ($0.name, $0.value) }, body: bytes,
                url: outgoing.url)
        } catch {
            throw Self.transportError(error, url: outgoing.url)
        }
    }

    /// The transport failure as `requests` would class it, naming the cause.
    static func transportError(_ error: any Error, url: String) -> TransportError {
        switch error {
        case ChannelError.connectTimeout, HTTP1ExchangeError.readTimeout:
            return TransportError(kind: .timeout, message: "Request to \(url) timed out: \(error)")
        case HTTP1ExchangeError.ioFailed(let cause, _):
            return transportError(cause, url: url)
        case let unsendable as UnsendableRequestHead:
            return TransportError(
                kind: unsendable.part == .target ? .invalidURL : .other, message: "Request to \(url) was not sent: \(unsendable)")
        case HTTP1ExchangeError.bodyTooLarge:
            return TransportError(kind: .other, message: "Request to \(url) failed: \(error)")
        case let failure as NIOConnectionError:
            let causes =
                failure.connectionErrors.map { "\($0.target): \($0.error)" }
                + [failure.dnsAError, failure.dnsAAAAError].compactMap { $0.map { "name resolution: \($0)" } }
            return TransportError(
                kind: .connect,
                message:
                    "Request to \(url) failed: could not connect to \(failure.host):\(failure.port) (\(causes.joined(separator: "; ")))")
        default:
            return TransportError(kind: .connect, message: "Request to \(url) failed: \(error)")
        }
    }
}
