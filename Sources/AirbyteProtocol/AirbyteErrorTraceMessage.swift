/// An error trace: what failed, for the user and for the connector's developers.
public struct AirbyteErrorTraceMessage: Sendable, Hashable {
    /// A message for the user: the cause and what to do.
    public var message: String
    /// The internal error behind it.
    public var internalMessage: String?
    /// The full stack trace.
    public var stackTrace: String?
    /// Whose fault it is, which decides whether a retry can help.
    public var failureType: FailureType?
    /// The stream the error is about, if known.
    public var streamDescriptor: StreamDescriptor?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// An error trace.
    public init(
        message: String, internalMessage: String? = nil, stackTrace: String? = nil,
        failureType: FailureType? = nil, streamDescriptor: StreamDescriptor? = nil,
        unknownFields: JSONObject = JSONObject()
    ) {
        self.message = message
        self.internalMessage = internalMessage
        self.stackTrace = stackTrace
        self.failureType = failureType
        self.streamDescriptor = streamDescriptor
        self.unknownFields = unknownFields
    }

    /// Decodes an error trace; an unknown failure type is kept.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        message = try decoder.decode("message")
        internalMessage = try decoder.decodeIfPresent("internal_message")
        stackTrace = try decoder.decodeIfPresent("stack_trace")
        failureType = try decoder.decodeIfPresent("failure_type")
        streamDescriptor = try decoder.decodeIfPresent("stream_descriptor")
        unknownFields = decoder.unknownFields
    }

    /// The error as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("message", message)
        encoder.encode("internal_message", internalMessage)
        encoder.encode("stack_trace", stackTrace)
        encoder.encode("failure_type", failureType)
        encoder.encode("stream_descriptor", streamDescriptor)
        return encoder.finish(with: unknownFields)
    }

    /// Whose fault an error is.
    public struct FailureType: ProtocolEnum {
        /// A bug or an unexpected condition in the connector.
        public static let systemError: Self = "system_error"
        /// The user's configuration is wrong; retrying will not help until it is fixed.
        public static let configError: Self = "config_error"
        /// A passing problem (network, rate limit); a retry may succeed.
        public static let transientError: Self = "transient_error"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteErrorTraceMessage: JSONConvertible {}
extension AirbyteErrorTraceMessage.FailureType: JSONConvertible {}
