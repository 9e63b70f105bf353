internal import NIOCore
internal import NIOEmbedded
internal import NIOPosix

extension HTTP1Client {
    /// Starts the event loops and builds a connection's handlers once on an in-memory channel,
    /// then drops them. The first use of those types costs the runtime a millisecond or more
    /// (protocol conformance lookups over the whole binary, generic metadata); done here, on a
    /// core that is otherwise waiting, it is not paid when a read opens its first connection.
    static func warmUp() {
        _ = MultiThreadedEventLoopGroup.singleton
        let channel = EmbeddedChannel()
        try? addExchangeHandlers(to: channel.pipeline.syncOperations, readTimeout: .seconds(30))
        _ = try? channel.finish(acceptAlreadyClosed: true)
    }
}
