import AirbyteProtocol
import DestinationKit

/// A source's messages on their way to the cache's writer, counted for a
/// ``ReadProgress`` as they pass.
final class ObservedMessages: MessageInput {
    private let messages: SourceMessages
    private let counter: RecordCounter

    init(_ messages: SourceMessages, counter: RecordCounter) {
        self.messages = messages
        self.counter = counter
    }

    func next() throws -> ScannedMessage? {
        guard let message = try messages.next() else {
            // A source that died must not look like one that finished: the
            // write loop would complete its streams (and swap overwrites in).
            try messages.checkEndedCleanly()
            return nil
        }
        counter.observe(message)
        return message
    }

    var hasBufferedLine: Bool { messages.hasBufferedLine }

    func waitForInput(timeout: Duration) -> Bool { messages.waitForInput(timeout: timeout) }
}
