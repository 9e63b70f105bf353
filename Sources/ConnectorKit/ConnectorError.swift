/// An error that knows how Airbyte should report it: the kit turns it into one
/// TRACE ERROR with this `failure_type`, ``userMessage`` as `message` and
/// ``internalMessage`` as `internal_message`. Any other error is reported as a
/// `system_error` with its description.
public import AirbyteProtocol

public protocol ConnectorError: Error {
    /// config_error when the user's input (config, catalog) must change;
    /// transient_error when trying again may work (I/O, locks, network);
    /// system_error otherwise.
    var failureType: AirbyteErrorTraceMessage.FailureType { get }
    /// What went wrong and what to do about it, for the user.
    var userMessage: String { get }
    /// Details for whoever debugs it: the underlying error, the SQL, the line.
    var internalMessage: String { get }
}

/// A ``ConnectorError`` built from its three parts.
public struct ConnectorFailure: ConnectorError, CustomStringConvertible {
    public var failureType: AirbyteErrorTraceMessage.FailureType
    public var userMessage: String
    public var internalMessage: String

    public init(_ failureType: AirbyteErrorTraceMessage.FailureType, _ userMessage: String, internalMessage: String? = nil) {
        self.failureType = failureType
        self.userMessage = userMessage
        self.internalMessage = internalMessage ?? userMessage
    }

    /// The user's input is wrong.
    public static func config(_ message: String, internalMessage: String? = nil) -> Self {
        Self(.configError, message, internalMessage: internalMessage)
    }

    /// Something outside the user's input failed.
    public static func system(_ message: String, internalMessage: String? = nil) -> Self {
        Self(.systemError, message, internalMessage: internalMessage)
    }

    /// Retrying may succeed.
    public static func transient(_ message: String, internalMessage: String? = nil) -> Self {
        Self(.transientError, message, internalMessage: internalMessage)
    }

    public var description: String { userMessage }
}
