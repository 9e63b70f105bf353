/// A sync failed for a reason no connector reported (a connector's own
/// failure is a ``SourceError`` naming it).
///
/// ``description`` is the message; ``debugDescription`` adds the code, the
/// destination and the underlying error, if any.
public struct SyncError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// The destination exited cleanly before reading all of the source's records.
        public static let destinationEndedEarly = Code("destinationEndedEarly")
    }

    /// What kind of failure it is.
    public var code: Code
    /// The destination.
    public var destination: String
    /// What went wrong.
    public var message: String
    /// The error this one comes from, when there is one.
    public var underlying: (any Error)?

    init(_ code: Code, destination: String, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.destination = destination
        self.message = message
        self.underlying = underlying
    }

    public var description: String { message }

    public var debugDescription: String {
        var text = "SyncError(code: \(code), destination: \(String(reflecting: destination)), message: \(String(reflecting: message))"
        if let underlying { text += ", underlying: \(String(reflecting: underlying))" }
        return text + ")"
    }
}
