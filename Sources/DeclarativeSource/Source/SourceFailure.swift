internal import AirbyteProtocol
internal import DeclarativeManifest

/// The CDK's `AirbyteTracedException`: a failure with a user-facing message, an internal
/// message for logs, and the protocol's failure type; it becomes an error TRACE message.
struct SourceFailure: Error, Sendable, CustomStringConvertible {
    var message: String
    var internalMessage: String
    var failureType: FailureType
    var stream: String?

    init(message: String, internalMessage: String? = nil, failureType: FailureType, stream: String? = nil) {
        self.message = message
        self.internalMessage = internalMessage ?? message
        self.failureType = failureType
        self.stream = stream
    }

    static func system(_ message: String) -> SourceFailure {
        SourceFailure(message: message, failureType: .systemError)
    }

    static func config(_ message: String) -> SourceFailure {
        SourceFailure(message: message, failureType: .configError)
    }

    var description: String { message }

    /// Wraps any error the way the CDK reports an unexpected exception in a stream.
    static func from(_ error: any Error, stream: String? = nil) -> SourceFailure {
        if var failure = error as? SourceFailure {
            if failure.stream == nil { failure.stream = stream }
            return failure
        }
        let typeName = (error as? any PythonException)?.pythonTypeName ?? String(describing: type(of: error))
        var failure = SourceFailure(
            message: stream.map { "An unexpected error occurred in stream \($0): \(typeName)" }
                ?? "Something went wrong in the connector. See the logs for more details.",
            internalMessage: String(describing: error), failureType: .systemError, stream: stream)
        if let manifestError = error as? any ManifestErrorBox { failure.failureType = manifestError.failureType }
        return failure
    }
}

/// Marks errors whose failure type is not a system error.
protocol ManifestErrorBox {
    var failureType: FailureType { get }
}
