#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension AirbyteMessage {
    /// The current time in milliseconds since the Unix epoch, as trace and control messages carry it.
    public static var currentEpochMilliseconds: Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return (Double(now.tv_sec) * 1000 + Double(now.tv_nsec / 1_000_000)).rounded(.down)
    }

    /// A LOG message.
    public static func log(_ level: AirbyteLogMessage.Level, _ message: String, stackTrace: String? = nil) -> Self {
        Self(.log(AirbyteLogMessage(level: level, message: message, stackTrace: stackTrace)))
    }

    /// A TRACE message reporting an error.
    ///
    /// - Parameters:
    ///   - message: What went wrong and what the user can do, without secrets.
    ///   - failureType: `.configError` when the user must fix the configuration,
    ///     `.transientError` when a retry may help, `.systemError` otherwise.
    ///   - internalMessage: The underlying error, for developers.
    ///   - stackTrace: Where it happened, for developers.
    ///   - stream: The stream concerned, if any.
    ///   - emittedAt: When, in milliseconds since the Unix epoch (now by default).
    public static func traceError(
        _ message: String, failureType: AirbyteErrorTraceMessage.FailureType,
        internalMessage: String? = nil, stackTrace: String? = nil,
        stream: StreamDescriptor? = nil, emittedAt: Double = currentEpochMilliseconds
    ) -> Self {
        let error = AirbyteErrorTraceMessage(
            message: message, internalMessage: internalMessage, stackTrace: stackTrace,
            failureType: failureType, streamDescriptor: stream)
        return Self(.trace(AirbyteTraceMessage(type: .error, emittedAt: emittedAt, error: error)))
    }

    /// A TRACE message with a stream's status.
    public static func streamStatus(
        _ stream: StreamDescriptor, _ status: AirbyteStreamStatusTraceMessage.Status,
        emittedAt: Double = currentEpochMilliseconds
    ) -> Self {
        let streamStatus = AirbyteStreamStatusTraceMessage(streamDescriptor: stream, status: status)
        return Self(.trace(AirbyteTraceMessage(type: .streamStatus, emittedAt: emittedAt, streamStatus: streamStatus)))
    }

    /// A CONNECTION_STATUS message: `.succeeded`, or `.failed` with a message saying why.
    public static func connectionStatus(_ status: AirbyteConnectionStatus.Status, message: String? = nil) -> Self {
        Self(.connectionStatus(AirbyteConnectionStatus(status: status, message: message)))
    }

    /// A SPEC message.
    public static func spec(_ specification: ConnectorSpecification) -> Self {
        Self(.spec(specification))
    }

    /// A STATE message.
    public static func state(_ state: AirbyteStateMessage) -> Self {
        Self(.state(state))
    }

    /// A RECORD message.
    public static func record(stream: String, namespace: String? = nil, data: JSONObject, emittedAt: Int64) -> Self {
        Self(.record(AirbyteRecordMessage(stream: stream, namespace: namespace, data: data, emittedAt: emittedAt)))
    }
}

extension AirbyteStateMessage {
    /// This state as a destination echoes it: unchanged except for
    /// `destinationStats` (replaced by one holding `recordCount`), the records committed since the previous
    /// state (that stream's for STREAM, all streams' for GLOBAL and LEGACY).
    ///
    /// To echo the input line byte for byte, use ``echoLine(of:recordCount:)`` instead.
    public func echoed(recordCount: Double) -> Self {
        var echo = self
        echo.destinationStats = Stats(recordCount: recordCount)
        return echo
    }
}
