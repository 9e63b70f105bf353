/// A LOG message's payload: a line for the platform's log.
public struct AirbyteLogMessage: Sendable, Hashable {
    /// How severe.
    public var level: Level
    /// The text.
    public var message: String
    /// A stack trace when the log is about an exception.
    public var stackTrace: String?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A log line.
    public init(level: Level, message: String, stackTrace: String? = nil, unknownFields: JSONObject = JSONObject()) {
        self.level = level
        self.message = message
        self.stackTrace = stackTrace
        self.unknownFields = unknownFields
    }

    /// Decodes `{"level": …, "message": …}`; an unknown level is kept.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        level = try decoder.decode("level")
        message = try decoder.decode("message")
        stackTrace = try decoder.decodeIfPresent("stack_trace")
        unknownFields = decoder.unknownFields
    }

    /// The payload as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("level", level)
        encoder.encode("message", message)
        encoder.encode("stack_trace", stackTrace)
        return encoder.finish(with: unknownFields)
    }

    /// A log level.
    public struct Level: ProtocolEnum {
        /// The connector cannot go on.
        public static let fatal: Self = "FATAL"
        /// Something failed.
        public static let error: Self = "ERROR"
        /// Something looks wrong.
        public static let warn: Self = "WARN"
        /// Progress worth knowing.
        public static let info: Self = "INFO"
        /// Detail for debugging.
        public static let debug: Self = "DEBUG"
        /// Finest detail.
        public static let trace: Self = "TRACE"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteLogMessage: JSONConvertible {}
extension AirbyteLogMessage.Level: JSONConvertible {}
