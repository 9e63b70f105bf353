/// How one error is reported to Airbyte: the fields of its TRACE ERROR.
///
/// - A ``ConnectorError`` reports its own failure type and messages.
/// - A ``WriterFailure`` reports its underlying error, with the writer call it
///   failed in added to the internal message.
/// - A ``ConfigValidationError`` is a `config_error` listing every problem.
/// - A ``MessageReaderError`` is a `system_error` naming the input line; the
///   bounded excerpt of the line goes to the internal message only.
/// - Anything else is a `system_error` with the error's description.
///
/// Secrets are masked when the report is written, by ``ProtocolOutput``.
package struct FailureReport: Equatable {
    package var failureType: AirbyteErrorTraceMessage.FailureType
    package var message: String
    package var internalMessage: String
    package var stream: StreamDescriptor?

    package init(_ error: any Error) {
        stream = nil
        switch error {
        case let failure as WriterFailure:
            self = FailureReport(failure.underlying)
            internalMessage = "\(internalMessage) (in \(failure.operation))"
            stream = failure.stream ?? stream
        case let error as any ConnectorError:
            failureType = error.failureType
            message = error.userMessage
            internalMessage = error.internalMessage
        case let error as ConfigValidationError:
            failureType = .configError
            message = error.description
            internalMessage = error.description
        case let error as MessageReaderError:
            failureType = .systemError
            switch error.reason {
            case .readFailed:
                message = "Reading the input failed: \(error.description)."
            case .invalidJSON, .invalidMessage, .malformedRecord:
                message = "The source sent an invalid message on line \(error.lineNumber) of the input."
            }
            internalMessage = error.description
        default:
            failureType = .systemError
            message = String(describing: error)
            internalMessage = String(reflecting: error)
        }
    }

    /// The TRACE ERROR message.
    package var traceMessage: AirbyteMessage {
        .traceError(message, failureType: failureType, internalMessage: internalMessage, stream: stream)
    }
}
