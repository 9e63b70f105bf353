/// A stream-status trace: a stream started, is running, completed or stopped.
public struct AirbyteStreamStatusTraceMessage: Sendable, Hashable {
    /// The stream.
    public var streamDescriptor: StreamDescriptor
    /// Its status.
    public var status: Status
    /// Why it has this status, when the source says.
    public var reasons: [Reason]?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A status of `streamDescriptor`.
    public init(
        streamDescriptor: StreamDescriptor, status: Status, reasons: [Reason]? = nil,
        unknownFields: JSONObject = JSONObject()
    ) {
        self.streamDescriptor = streamDescriptor
        self.status = status
        self.reasons = reasons
        self.unknownFields = unknownFields
    }

    /// Decodes a stream status; an unknown status is kept.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        streamDescriptor = try decoder.decode("stream_descriptor")
        status = try decoder.decode("status")
        reasons = try decoder.decodeIfPresent("reasons")
        unknownFields = decoder.unknownFields
    }

    /// The stream status as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("stream_descriptor", streamDescriptor)
        encoder.encode("status", status)
        encoder.encode("reasons", reasons)
        return encoder.finish(with: unknownFields)
    }

    /// Where a stream is in a sync.
    public struct Status: ProtocolEnum {
        /// Started, nothing read yet.
        public static let started: Self = "STARTED"
        /// Read its first record.
        public static let running: Self = "RUNNING"
        /// Finished without interruption: the destination may now swap or truncate.
        public static let complete: Self = "COMPLETE"
        /// Stopped by an error or interruption.
        public static let incomplete: Self = "INCOMPLETE"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Why a stream has its status.
    public struct Reason: Sendable, Hashable {
        /// The kind of reason.
        public var type: ReasonType
        /// Details when the stream is rate limited.
        public var rateLimited: RateLimited?
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// A reason of `type`.
        public init(type: ReasonType, rateLimited: RateLimited? = nil, unknownFields: JSONObject = JSONObject()) {
            self.type = type
            self.rateLimited = rateLimited
            self.unknownFields = unknownFields
        }

        /// Decodes `{"type": "RATE_LIMITED", "rate_limited": {…}}`.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            type = try decoder.decode("type")
            rateLimited = try decoder.decodeIfPresent("rate_limited")
            unknownFields = decoder.unknownFields
        }

        /// The reason as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("type", type)
            encoder.encode("rate_limited", rateLimited)
            return encoder.finish(with: unknownFields)
        }
    }

    /// The kind of a status reason.
    public struct ReasonType: ProtocolEnum {
        /// The source is waiting out an API quota.
        public static let rateLimited: Self = "RATE_LIMITED"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Details of a rate limit.
    public struct RateLimited: Sendable, Hashable {
        /// When the quota resets, in milliseconds since the Unix epoch.
        public var quotaReset: Int64?
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// Rate-limit details.
        public init(quotaReset: Int64? = nil, unknownFields: JSONObject = JSONObject()) {
            self.quotaReset = quotaReset
            self.unknownFields = unknownFields
        }

        /// Decodes `{"quota_reset": …}`.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            quotaReset = try decoder.decodeIfPresent("quota_reset")
            unknownFields = decoder.unknownFields
        }

        /// The details as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("quota_reset", quotaReset)
            return encoder.finish(with: unknownFields)
        }
    }
}

extension AirbyteStreamStatusTraceMessage: JSONConvertible {}
extension AirbyteStreamStatusTraceMessage.Status: JSONConvertible {}
extension AirbyteStreamStatusTraceMessage.Reason: JSONConvertible {}
extension AirbyteStreamStatusTraceMessage.ReasonType: JSONConvertible {}
extension AirbyteStreamStatusTraceMessage.RateLimited: JSONConvertible {}
