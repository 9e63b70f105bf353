internal import NIOCore
internal import NIOHTTP1

/// One request to send on a connection and the promise its response completes.
struct HTTP1Exchange {
    var head: HTTPRequestHead
    var body: ByteBuffer?
    /// The most body bytes accepted; more fail the exchange and close the connection.
    var maximumBodyBytes: Int
    /// This request's read timeout, when not the connection's.
    var readTimeout: TimeAmount?
    var response: EventLoopPromise<HTTP1Response>
}

/// A complete response: the head and the (decompressed) body.
struct HTTP1Response: Sendable {
    var head: HTTPResponseHead
    var body: ByteBuffer
    /// Whether the connection may carry another request.
    var keepsConnection: Bool
}

/// Why an exchange failed on its connection.
enum HTTP1ExchangeError: Error, CustomStringConvertible {
    /// The connection closed before the response ended; `receivedAny` when part of it had arrived.
    case connectionClosed(receivedAny: Bool)
    /// No byte arrived for the read timeout.
    case readTimeout
    /// The body grew past the limit.
    case bodyTooLarge(limit: Int)
    /// A request was written while another was in flight (a bug: a connection carries one at a time).
    case busy
    /// The connection failed (a reset, TLS); `receivedAny` when part of the response had arrived.
    case ioFailed(any Error, receivedAny: Bool)

    /// Whether nothing of a response arrived, so the request can go again on a new connection
    /// when this one had been kept alive (the server may have closed it as the request went out).
    var failedBeforeResponse: Bool {
        switch self {
        case .connectionClosed(let receivedAny), .ioFailed(_, let receivedAny): !receivedAny
        case .readTimeout, .bodyTooLarge, .busy: false
        }
    }

    var description: String {
        switch self {
        case .connectionClosed(let receivedAny):
            receivedAny
                ? "the connection closed before the response ended" : "the server closed the connection without a response"
        case .readTimeout: "no data arrived within the read timeout"
        case .bodyTooLarge(let limit): "the response body exceeds \(limit) bytes"
        case .busy: "the connection was already carrying a request"
        case .ioFailed(let error, _): "\(error)"
        }
    }
}

/// The last handler of an HTTP/1.1 connection: writes an ``HTTP1Exchange``'s
/// request and completes its promise with the whole response. One exchange at a
/// time; informational (1xx) heads are skipped. While an exchange waits, a read
/// timeout counts from the request's write and from each read after it (the
/// socket timeout of `requests`); an idle connection has none.
final class HTTP1ExchangeHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundIn = HTTP1Exchange
    typealias OutboundOut = HTTPClientRequestPart

    private let readTimeout: TimeAmount
    private var exchange: HTTP1Exchange?
    private var head: HTTPResponseHead?
    private var body: ByteBuffer?
    private var receivedAny = false
    /// When the exchange last showed life: its request written, or bytes of its response read.
    private var lastActivity = NIODeadline.uptimeNanoseconds(0)
    /// The pending check of the read timeout, and when it runs.
    private var timeout: (check: Scheduled<Void>, at: NIODeadline)?

    init(readTimeout: TimeAmount) {
        self.readTimeout = readTimeout
    }

    private var currentReadTimeout: TimeAmount { exchange?.readTimeout ?? readTimeout }

    /// Starts the read timeout again (at the request, and after each batch of reads). The
    /// pending check stays when it runs no later than the new deadline: it then looks at the
    /// last activity and waits again for the rest. So a page's reads schedule nothing, and a
    /// connection's exchanges share one check.
    private func restartTimeout(context: ChannelHandlerContext) {
        lastActivity = .now()
        let deadline = lastActivity + currentReadTimeout
        if let timeout, timeout.at <= deadline { return }
        scheduleTimeout(at: deadline, context: context)
    }

    private func scheduleTimeout(at deadline: NIODeadline, context: ChannelHandlerContext) {
        timeout?.check.cancel()
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let check = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.checkTimeout(context: context)
        }
        timeout = (check, deadline)
    }

    /// The read timeout's check: fails the exchange that has waited all of it, and waits
    /// again for one that showed life since. A connection without an exchange has none.
    private func checkTimeout(context: ChannelHandlerContext) {
        timeout = nil
        guard exchange != nil else { return }
        let deadline = lastActivity + currentReadTimeout
        if deadline > .now() {
            scheduleTimeout(at: deadline, context: context)
        } else {
            fail(HTTP1ExchangeError.readTimeout, context: context)
        }
    }

    private func stopTimeout() {
        timeout?.check.cancel()
        timeout = nil
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let next = unwrapOutboundIn(data)
        guard exchange == nil else {
            next.response.fail(HTTP1ExchangeError.busy)
            promise?.fail(HTTP1ExchangeError.busy)
            return
        }
        exchange = next
        head = nil
        body = nil
        receivedAny = false
        context.write(wrapOutboundOut(.head(next.head)), promise: nil)
        if let payload = next.body, payload.readableBytes > 0 {
            context.write(wrapOutboundOut(.body(.byteBuffer(payload))), promise: nil)
        }
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: promise)
        restartTimeout(context: context)
    }

    func channelReadComplete(context: ChannelHandlerContext) {
        if exchange != nil { restartTimeout(context: context) }
        context.fireChannelReadComplete()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        receivedAny = true
        switch unwrapInboundIn(data) {
        case .head(let received):
            // 100 Continue and other informational heads precede the real one (101 switches protocols: not ours).
            guard !(100..<200).contains(received.status.code) || received.status.code == 101 else { return }
            head = received
        case .body(var part):
            guard let current = exchange else { return }
            if body == nil {
                body = part
            } else {
                body!.writeBuffer(&part)
            }
            if body!.readableBytes > current.maximumBodyBytes {
                fail(HTTP1ExchangeError.bodyTooLarge(limit: current.maximumBodyBytes), context: context)
            }
        case .end:
            guard let current = exchange, let head else { return }
            // The timeout's check stays scheduled: it finds no exchange, or the next one.
            exchange = nil
            let keeps = head.isKeepAlive
            current.response.succeed(HTTP1Response(head: head, body: body ?? ByteBuffer(), keepsConnection: keeps))
            self.head = nil
            body = nil
            if !keeps { context.close(promise: nil) }
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopTimeout()
        if let current = exchange {
            exchange = nil
            current.response.fail(HTTP1ExchangeError.connectionClosed(receivedAny: receivedAny))
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(HTTP1ExchangeError.ioFailed(error, receivedAny: receivedAny), context: context)
    }

    private func fail(_ error: any Error, context: ChannelHandlerContext) {
        stopTimeout()
        if let current = exchange {
            exchange = nil
            current.response.fail(error)
        }
        context.close(promise: nil)
    }
}
