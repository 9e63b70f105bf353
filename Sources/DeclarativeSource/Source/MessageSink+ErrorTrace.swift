public import AirbyteProtocol
internal import Foundation

extension MessageSink {
    /// Writes an error TRACE message, as the CDK does when a sync cannot start (an unreadable
    /// config or manifest, a refused component), and flushes.
    ///
    /// - Parameters:
    ///   - message: What the user reads.
    ///   - internalMessage: The details for logs (the stack trace's place); `message` when `nil`.
    ///   - failureType: Whose fault it is: `.configError` when the user's config is wrong.
    public func writeErrorTrace(
        message: String, internalMessage: String? = nil, failureType: AirbyteErrorTraceMessage.FailureType = .systemError
    ) {
        let failure = SourceFailure(
            message: message, internalMessage: internalMessage,
            failureType: FailureType(rawValue: failureType.rawValue) ?? .systemError)
        let output = MessageOutput(sink: self, nowMilliseconds: { Date().timeIntervalSince1970 * 1000 })
        output.error(failure)
    }
}
