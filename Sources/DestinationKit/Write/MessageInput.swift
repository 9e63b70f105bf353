public import AirbyteProtocol

/// Where a write loop reads the source's messages: stdin for the `write`
/// command, a running source's output for an in-process read (see ``WriteRun``).
public protocol MessageInput: AnyObject {
    /// The next message, or `nil` at the end of the input.
    func next() throws -> ScannedMessage?
    /// Whether ``next()`` can return a message without waiting.
    var hasBufferedLine: Bool { get }
    /// Waits up to `timeout` for input (or its end); `true` when ``next()`` will not block.
    func waitForInput(timeout: Duration) -> Bool
}

/// A reader is the input of the `write` command: stdin, waited on with `poll`
/// while the input is idle.
extension MessageReader: MessageInput {}
