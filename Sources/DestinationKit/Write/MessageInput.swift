public import AirbyteProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a write loop reads the source's messages: stdin for the `write`
/// command, a running source's output for an in-process read (see ``WriteRun``).
public protocol MessageInput: AnyObject {
    /// The next message, or `nil` at the end of the input. The message's spans
    /// are valid only until the next call.
    func next() throws -> ScannedMessage?
    /// Whether ``next()`` can return a message without waiting.
    var hasBufferedLine: Bool { get }
    /// Waits up to `timeout` for input (or its end); `true` when ``next()`` will not block.
    func waitForInput(timeout: Duration) -> Bool
}

/// A ``MessageReader``, and the file descriptor it reads (polled while the
/// input is idle; nil for input in memory).
final class ReaderInput: MessageInput {
    let reader: MessageReader
    let descriptor: Int32?

    init(reader: MessageReader, descriptor: Int32?) {
        self.reader = reader
        self.descriptor = descriptor
    }

    func next() throws -> ScannedMessage? { try reader.next() }

    var hasBufferedLine: Bool { reader.hasBufferedLine }

    func waitForInput(timeout: Duration) -> Bool {
        guard let descriptor, !reader.reachedEndOfInput else { return true }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let result = poll(&request, 1, timeout.pollMilliseconds)
        if result > 0 { return true }
        // An interrupted wait is retried by the caller; another poll failure
        // is left for the read to report.
        return result < 0 && errno != EINTR
    }
}
