internal import Foundation
internal import NIOCore
internal import NIOHTTP1
internal import NIOHTTPCompression
internal import NIOPosix
internal import NIOSSL
internal import Synchronization

/// A lean HTTP/1.1 client with keep-alive connections, as `requests` speaks to
/// APIs: one request at a time per connection, idle connections kept per origin
/// and reused, gzip and deflate bodies decoded, TLS with the system's roots.
///
/// A request goes out on an idle connection of its origin, preferring one on
/// the calling thread's event loop (so the response resumes the task where it
/// runs), else on a new connection made on that loop. A reused connection the
/// server closed before answering is replaced once. Redirects are the caller's
/// (``HTTPEngine`` follows them as `requests` does).
///
/// Why not async-http-client: a request through it cost ~200 µs on this
/// machine against ~50 µs here (sequential GETs of a 20 KB page on localhost),
/// and a stream whose pages form a chain pays that on every page.
final class HTTP1Client: Sendable {
    private let group: any EventLoopGroup
    private let connectTimeout: TimeAmount
    private let readTimeout: TimeAmount
    private let idle = Mutex<Idle>(Idle())
    private let tlsContext = Mutex<NIOSSLContext?>(nil)

    /// Where an idle connection waits: its origin, and whether it was opened with TCP keepalive.
    private struct Pool: Hashable {
        var origin: HTTPTarget.Origin
        var keepAlive: Bool
    }

    private struct Idle {
        /// Per origin and keepalive: a requester asking for TCP keepalive gets connections that have it.
        var connections: [Pool: [any Channel]] = [:]
        var isShutDown = false
    }

    init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, connectTimeout: TimeAmount, readTimeout: TimeAmount) {
        self.group = group
        self.connectTimeout = connectTimeout
        self.readTimeout = readTimeout
    }

    /// Closes the idle connections; requests after this fail.
    func shutdown() async {
        let channels = idle.withLock { idle in
            idle.isShutDown = true
            defer { idle.connections = [:] }
            return idle.connections.values.flatMap { $0 }
        }
        for channel in channels { try? await channel.close() }
    }

    /// Sends one request and waits for its whole response.
    func execute(
        method: HTTPMethod, target: HTTPTarget, headers: HTTPHeaders, body: [UInt8]?, maximumBodyBytes: Int,
        transport: TransportOptions = TransportOptions()
    ) async throws -> HTTP1Response {
        var head = HTTPRequestHead(version: .http1_1, method: method, uri: target.requestTarget, headers: headers)
        if !head.headers.contains(name: "Host") { head.headers.replaceOrAdd(name: "Host", value: target.origin.hostHeader) }
        if let body {
            head.headers.replaceOrAdd(name: "Content-Length", value: String(body.count))
        } else if [.POST, .PUT, .PATCH].contains(method) {
            head.headers.replaceOrAdd(name: "Content-Length", value: "0")
        }
        try UnsendableRequestHead.check(head)
        let payload = body.map { ByteBuffer(bytes: $0) }
        var attempt = 0
        while true {
            attempt += 1
            try Task.checkCancellation()
            let (channel, reused) = try await connection(to: target.origin, transport: transport)
            do {
                let response = try await send(
                    head, body: payload, on: channel, maximumBodyBytes: maximumBodyBytes, readTimeout: transport.readTimeout)
                if response.keepsConnection { release(channel, to: Pool(origin: target.origin, keepAlive: transport.keepAlive)) }
                return response
            } catch let error as HTTP1ExchangeError where reused && attempt == 1 && error.failedBeforeResponse {
                // The server closed the kept-alive connection as the request went out: a new one, once.
                continue
            }
        }
    }

    private func send(
        _ head: HTTPRequestHead, body: ByteBuffer?, on channel: any Channel, maximumBodyBytes: Int, readTimeout: TimeAmount?
    ) async throws -> HTTP1Response {
        let promise = channel.eventLoop.makePromise(of: HTTP1Response.self)
        let exchange = HTTP1Exchange(
            head: head, body: body, maximumBodyBytes: maximumBodyBytes, readTimeout: readTimeout, response: promise)
        // A channel that closed before the write reached the handler fails only the write: the
        // response must fail with it (a later completion of a completed promise is ignored).
        let written = channel.eventLoop.makePromise(of: Void.self)
        written.futureResult.whenFailure { promise.fail(HTTP1ExchangeError.ioFailed($0, receivedAny: false)) }
        return try await withTaskCancellationHandler {
            channel.writeAndFlush(exchange, promise: written)
            return try await promise.futureResult.get()
        } onCancel: {
            channel.close(promise: nil)
        }
    }

    /// An idle connection to `origin` (one on the current event loop first), or a new one.
    private func connection(to origin: HTTPTarget.Origin, transport: TransportOptions) async throws -> (any Channel, reused: Bool) {
        let loop = MultiThreadedEventLoopGroup.currentEventLoop ?? group.next()
        let pool = Pool(origin: origin, keepAlive: transport.keepAlive)
        let kept: (any Channel)? = try idle.withLock { idle in
            guard !idle.isShutDown else { throw ChannelError.ioOnClosedChannel }
            guard var channels = idle.connections[pool] else { return nil }
            channels.removeAll { !$0.isActive }
            let index = channels.lastIndex { $0.eventLoop === loop } ?? channels.indices.last
            let channel = index.map { channels.remove(at: $0) }
            idle.connections[pool] = channels
            return channel
        }
        if let kept { return (kept, true) }
        return (try await connect(to: origin, on: loop, transport: transport), false)
    }

    private func release(_ channel: any Channel, to pool: Pool) {
        let keep = idle.withLock { idle in
            guard !idle.isShutDown, channel.isActive else { return false }
            idle.connections[pool, default: []].append(channel)
            return true
        }
        if !keep { channel.close(promise: nil) }
    }

    private func connect(to origin: HTTPTarget.Origin, on loop: any EventLoop, transport: TransportOptions) async throws -> any Channel {
        let tls = origin.isTLS ? try tlsContextForConnections() : nil
        let readTimeout = readTimeout
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(transport.connectTimeout ?? connectTimeout)
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
        if transport.keepAlive {
            bootstrap = bootstrap.channelOption(.socketOption(.so_keepalive), value: 1)
                .channelOption(ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_KEEPIDLE))), value: 60)
                .channelOption(ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_KEEPINTVL))), value: 10)
                .channelOption(ChannelOptions.Types.SocketOption(level: .tcp, name: .init(rawValue: CInt(TCP_KEEPCNT))), value: 6)
        }
        return
            try await bootstrap
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let pipeline = channel.pipeline.syncOperations
                    if let tls {
                        try pipeline.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: origin.hostIsAddress ? nil : origin.host))
                    }
                    try Self.addExchangeHandlers(to: pipeline, readTimeout: readTimeout)
                }
            }
            .connect(host: origin.host, port: origin.port).get()
    }

    /// A connection's HTTP handlers, after TLS when there is TLS: HTTP/1.1 framing, response
    /// decompression and the exchange itself. ``warmUp()`` builds the same ones.
    static func addExchangeHandlers(to pipeline: ChannelPipeline.SynchronousOperations, readTimeout: TimeAmount) throws {
        // Heads are checked in `execute` (``UnsendableRequestHead``), once, before a connection is taken.
        try pipeline.addHTTPClientHandlers(enableOutboundHeaderValidation: false)
        try pipeline.addHandler(NIOHTTPResponseDecompressor(limit: .none))
        try pipeline.addHandler(HTTP1ExchangeHandler(readTimeout: readTimeout))
    }

    private func tlsContextForConnections() throws -> NIOSSLContext {
        try tlsContext.withLock { context in
            if let context { return context }
            let made = try NIOSSLContext(configuration: .makeClientConfiguration())
            context = made
            return made
        }
    }
}
