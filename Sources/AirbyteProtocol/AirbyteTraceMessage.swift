/// A TRACE message's payload: an error, an estimate, a stream's status or an
/// analytics event. The field that ``type`` calls for is set; the others are `nil`.
public struct AirbyteTraceMessage: Sendable, Hashable {
    /// Which kind of trace.
    public var type: TraceType
    /// When it was emitted, in milliseconds since the Unix epoch (a number, often fractional; written
    /// without a decimal point when whole, as sources send it).
    public var emittedAt: Double
    /// The error (ERROR).
    public var error: AirbyteErrorTraceMessage?
    /// The estimate (ESTIMATE).
    public var estimate: AirbyteEstimateTraceMessage?
    /// The stream's status (STREAM_STATUS).
    public var streamStatus: AirbyteStreamStatusTraceMessage?
    /// The analytics event (ANALYTICS).
    public var analytics: AirbyteAnalyticsTraceMessage?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A trace message; pass the field that `type` calls for.
    public init(
        type: TraceType, emittedAt: Double, error: AirbyteErrorTraceMessage? = nil,
        estimate: AirbyteEstimateTraceMessage? = nil, streamStatus: AirbyteStreamStatusTraceMessage? = nil,
        analytics: AirbyteAnalyticsTraceMessage? = nil, unknownFields: JSONObject = JSONObject()
    ) {
        self.type = type
        self.emittedAt = emittedAt
        self.error = error
        self.estimate = estimate
        self.streamStatus = streamStatus
        self.analytics = analytics
        self.unknownFields = unknownFields
    }

    /// Decodes a trace payload; the field named by a known `type` is required, an unknown type is kept.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        type = try decoder.decode("type")
        emittedAt = try decoder.decode("emitted_at")
        error = try decoder.decodeIfPresent("error")
        estimate = try decoder.decodeIfPresent("estimate")
        streamStatus = try decoder.decodeIfPresent("stream_status")
        analytics = try decoder.decodeIfPresent("analytics")
        unknownFields = decoder.unknownFields
        let missing: String? =
            switch type {
            case .error where error == nil: "error"
            case .estimate where estimate == nil: "estimate"
            case .streamStatus where streamStatus == nil: "stream_status"
            case .analytics where analytics == nil: "analytics"
            default: nil
            }
        if let missing { throw AirbyteDecodingError(.missing, at: missing) }
    }

    /// The payload as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("type", type)
        encoder.encodeRaw("emitted_at", .number(emittedAt.compactJSONNumberText))
        encoder.encode("error", error)
        encoder.encode("estimate", estimate)
        encoder.encode("stream_status", streamStatus)
        encoder.encode("analytics", analytics)
        return encoder.finish(with: unknownFields)
    }

    /// The kind of a trace message.
    public struct TraceType: ProtocolEnum {
        /// A failure, with its type and messages.
        public static let error: Self = "ERROR"
        /// How much data a stream or the sync will produce.
        public static let estimate: Self = "ESTIMATE"
        /// A stream started, is running, completed or stopped.
        public static let streamStatus: Self = "STREAM_STATUS"
        /// A usage event.
        public static let analytics: Self = "ANALYTICS"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteTraceMessage: JSONConvertible {}
extension AirbyteTraceMessage.TraceType: JSONConvertible {}
