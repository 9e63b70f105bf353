public import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// A real HTTP server on 127.0.0.1 that records what it receives and answers
/// each request with the next scripted reply (200 once the script runs out).
public final class WebhookReceiver: Sendable {
    public enum Reply: Sendable {
        case status(Int, body: String = "", headers: [(String, String)] = [])
        /// Answers only after `seconds`: longer than the client's timeout, it is a timeout.
        case late(seconds: Double, Int)
    }

    public struct Request: Sendable {
        public var method: String
        public var uri: String
        public var headers: [(String, String)]
        public var body: Data

        /// The body as a JSON object, if it is one.
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        /// The first header named `name` (any case).
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    private struct State {
        var replies: [Reply]
        var requests: [Request] = []
    }

    /// The state the server's handlers and the test share.
    private final class Shared: Sendable {
        let state: Mutex<State>
        init(_ replies: [Reply]) { state = Mutex(State(replies: replies)) }
    }

    private let shared: Shared
    private let channel: any Channel
    /// The port it listens on.
    public let port: Int

    /// Starts listening on a free port of 127.0.0.1; `replies` answer the first requests in order.
    public init(_ replies: [Reply] = []) async throws {
        let state = Shared(replies)
        self.shared = state
        let bootstrap = ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [state] channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(state: state))
                }
            }
        channel = try await bootstrap.bind(host: "127.0.0.1", port: 0).get()
        port = channel.localAddress?.port ?? 0
    }

    /// A Slack-looking URL whose path is the secret part.
    public var url: String { "http://127.0.0.1:\(port)/services/T0000/B0000/s3cr3t-token" }

    /// What it received so far, in order.
    public var requests: [Request] { shared.state.withLock { $0.requests } }

    /// Stops listening.
    public func close() async throws {
        try await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let shared: Shared
        var head: HTTPRequestHead?
        var body = Data()

        init(state: Shared) { self.shared = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let request = Request(
                    method: head.method.rawValue, uri: head.uri,
                    headers: head.headers.map { ($0.name, $0.value) }, body: body)
                let reply = shared.state.withLock { state -> Reply in
                    state.requests.append(request)
                    return state.replies.isEmpty ? .status(200, body: "ok") : state.replies.removeFirst()
                }
                switch reply {
                case .status(let code, let body, let headers):
                    respond(context: context, code: code, body: body, headers: headers)
                case .late(let seconds, let code):
                    let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                    context.eventLoop.scheduleTask(in: .milliseconds(Int64(seconds * 1000))) {
                        let (handler, context) = loopBound.value
                        if context.channel.isActive { handler.respond(context: context, code: code, body: "late", headers: []) }
                    }
                }
            }
        }

        func respond(context: ChannelHandlerContext, code: Int, body: String, headers: [(String, String)]) {
            var responseHeaders = HTTPHeaders(headers)
            responseHeaders.add(name: "Content-Length", value: "\(body.utf8.count)")
            let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: code), headers: responseHeaders)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: body)))), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }
}
