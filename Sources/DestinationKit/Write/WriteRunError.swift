public import AirbyteProtocol

/// A ``WriteRun`` failed in the writer or on its input: ``description`` says
/// what failed and what to do, as the `write` command's TRACE ERROR would;
/// ``debugDescription`` adds the code, the writer call and the underlying
/// error (for example DuckDB's) for whoever debugs it.
public struct WriteRunError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// The ``DestinationWriter`` threw (``WriteRunError/operation`` names the call).
        public static let writerFailed = Code("writerFailed")
        /// The catalog or the source's messages cannot be written (a stream
        /// listed twice, a STATE for a stream not in the catalog, …).
        public static let invalidInput = Code("invalidInput")
    }

    /// What kind of failure it is.
    public var code: Code
    /// `config_error`, `system_error` or `transient_error`.
    public var failureType: AirbyteErrorTraceMessage.FailureType
    /// For the user.
    public var message: String
    /// More detail, for debugging.
    public var internalMessage: String
    /// The stream it is about, if any.
    public var stream: StreamDescriptor?
    /// The writer call that failed (`commit()`, `write(_:stream:)`, …), for ``Code/writerFailed``.
    public var operation: String?
    /// The error the writer (or the write loop) threw.
    public var underlying: any Error

    init(_ error: any Error) {
        let report = FailureReport(error)
        failureType = report.failureType
        message = report.message
        internalMessage = report.internalMessage
        stream = report.stream
        if let failure = error as? WriterFailure {
            code = .writerFailed
            operation = failure.operation
            underlying = failure.underlying
        } else {
            code = .invalidInput
            underlying = error
        }
    }

    public var description: String {
        stream.map { "stream \($0): \(message)" } ?? message
    }

    public var debugDescription: String {
        var text = "WriteRunError(code: \(code), failureType: \(failureType.rawValue)"
        if let stream { text += ", stream: \(String(reflecting: stream.description))" }
        if let operation { text += ", operation: \(operation)" }
        text += ", message: \(String(reflecting: message)), internalMessage: \(String(reflecting: internalMessage))"
        return text + ", underlying: \(String(reflecting: underlying)))"
    }
}
