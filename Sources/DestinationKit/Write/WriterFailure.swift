/// An error thrown by a ``DestinationWriter``, with the call it came from.
///
/// The write loop tells input failures (after which it still commits what it
/// can) from writer failures (after which it must not) by this wrapper.
struct WriterFailure: Error, CustomStringConvertible {
    /// The call that failed: `commit()`, `write(_:stream:)`, …
    var operation: String
    /// The stream the call was about, if any.
    var stream: StreamDescriptor?
    /// What the writer threw.
    var underlying: any Error

    var description: String { "\(operation) failed: \(underlying)" }
}
