internal import AirbyteProtocol
internal import AsyncHTTPClient
internal import DeclarativeManifest
internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPCompression
internal import Synchronization

/// One HTTP request as the requester prepared it: the final URL (query included),
/// headers in order, and the body bytes.
struct OutgoingRequest: Sendable, Hashable {
    var method: String
    var url: String
    var headers: [(String, String)]
    var body: [UInt8]?

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

/// The network: async-http-client with redirects followed, gzip/deflate decoded, TLS with
/// the system's roots, and timeouts; one client shared by every request of a sync.
final class HTTPEngine: Sendable {
    private let client: HTTPClient
    /// The most a response body may hold; a page is held in memory while its records are read.
    let maximumBodyBytes: Int
    let requestTimeout: TimeAmount

    init(
        connectTimeout: TimeAmount = .seconds(30), requestTimeout: TimeAmount = .seconds(600),
        maximumBodyBytes: Int = 1 << 30
    ) {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 30, allowCycles: false),
            timeout: .init(connect: connectTimeout, read: requestTimeout),
            decompression: .enabled(limit: .none))
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 16)
        // A connection that cannot be made fails its request at once, as with the CDK's `requests`:
        // the manifest's error handler decides whether and when to retry. (The client's own
        // retries would keep trying until the connect timeout, 30 s per attempt, before it does.)
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.httpVersion = .automatic
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maximumBodyBytes = maximumBodyBytes
        self.requestTimeout = requestTimeout
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    func send(_ outgoing: OutgoingRequest) async throws(TransportError) -> HTTPResponse {
        var request = HTTPClientRequest(url: outgoing.url)
        request.method = HTTPMethod(rawValue: outgoing.method)
        for (name, value) in outgoing.headers { request.headers.add(name: name, value: value) }
        if let body = outgoing.body {
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        do {
            let response = try await client.execute(request, timeout: requestTimeout)
            var buffer = try await response.body.collect(upTo: maximumBodyBytes)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            let headers = response.headers.map { ($0.name, $0.value) }
            return HTTPResponse(status: Int(response.status.code), headers: headers, body: bytes, url: outgoing.url)
        } catch let error as HTTPClientError {
            switch error {
            case .invalidURL, .emptyHost, .emptyScheme:
                throw TransportError(kind: .invalidURL, message: "Invalid URL \(outgoing.url): \(error)")
            case .connectTimeout, .readTimeout, .deadlineExceeded, .writeTimeout:
                throw TransportError(kind: .timeout, message: "Request to \(outgoing.url) timed out: \(error)")
            default:
                throw TransportError(kind: .other, message: "Request to \(outgoing.url) failed: \(error)")
            }
        } catch {
            throw TransportError(kind: .connect, message: "Request to \(outgoing.url) failed: \(error)")
        }
    }
}
