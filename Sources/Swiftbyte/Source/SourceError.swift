public import AirbyteProtocol

/// A connector command (`spec`, `check`, `discover`, `read`) failed: the
/// connector reported an error, exited with a failure, could not be started,
/// or did not answer what was asked.
///
/// Every text in it is masked: secrets of the config never appear.
public struct SourceError: Error, Sendable, CustomStringConvertible {
    /// What kind of failure it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The connector sent a TRACE ERROR (``SourceError/message`` is its message).
        public static let connectorFailed = Code(name: "connectorFailed")
        /// The connector exited with a non-zero status or was killed by a signal.
        public static let exitedWithFailure = Code(name: "exitedWithFailure")
        /// `check` answered FAILED (``SourceError/message`` says why).
        public static let checkFailed = Code(name: "checkFailed")
        /// The connector ended without the message the command expects (a SPEC, a CATALOG, a CONNECTION_STATUS).
        public static let missingOutput = Code(name: "missingOutput")
        /// The connector's process could not be started.
        public static let launchFailed = Code(name: "launchFailed")
        /// The code's name, such as `connectorFailed`.
        public var description: String { name }
    }

    /// What kind of failure it is.
    public var code: Code
    /// The connector, such as `source-faker`.
    public var connector: String
    /// The command that failed: `spec`, `check`, `discover` or `read`.
    public var command: String
    /// What went wrong, in the connector's words when it said so.
    public var message: String
    /// Whose fault it is, as the connector classified it (config_error: fix the config).
    public var failureType: AirbyteErrorTraceMessage.FailureType?
    /// The connector's internal message for the error, if any.
    public var internalMessage: String?
    /// How the process ended ("exited with status 1"), when it did.
    public var exitStatus: String?
    /// The last lines the connector wrote on stderr.
    public var stderrTail: String

    init(
        _ code: Code, connector: String, command: String, message: String,
        failureType: AirbyteErrorTraceMessage.FailureType? = nil, internalMessage: String? = nil,
        exitStatus: String? = nil, stderrTail: String = ""
    ) {
        self.code = code
        self.connector = connector
        self.command = command
        self.message = message
        self.failureType = failureType
        self.internalMessage = internalMessage
        self.exitStatus = exitStatus
        self.stderrTail = stderrTail
    }

    /// `source-faker read failed (config_error): <message>`, then how the
    /// process ended and the end of its stderr.
    public var description: String {
        var text = "\(connector) \(command) failed"
        if let failureType { text += " (\(failureType.rawValue))" }
        text += ": \(message)"
        if let internalMessage, internalMessage != message { text += "\n  internal message: \(internalMessage)" }
        if let exitStatus { text += "\n  the connector \(exitStatus)" }
        if !stderrTail.isEmpty {
            text +=
                "\n  its stderr ended with:\n"
                + stderrTail.split(separator: "\n", omittingEmptySubsequences: false)
                .map { "    " + $0 }.joined(separator: "\n")
        }
        return text
    }
}
