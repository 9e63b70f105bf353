/// A STATE message's payload: a checkpoint of a source's progress.
///
/// The fields are flat, as on the wire, because real sources mix them (older
/// CDKs send a STREAM state that also carries the legacy `data`). Which ones
/// matter depends on ``type``: `stream` for STREAM, `global` for GLOBAL, `data`
/// for LEGACY or a missing type.
public struct AirbyteStateMessage: Sendable, Hashable {
    /// The kind of state; `nil` when the message has no `type`, which the protocol reads as LEGACY.
    public var type: StateType?
    /// One stream's state (STREAM).
    public var stream: AirbyteStreamState?
    /// The state of every stream plus shared state (GLOBAL).
    public var global: AirbyteGlobalState?
    /// The deprecated whole-connector state (LEGACY), any JSON.
    public var data: JSONValue?
    /// Counts from the source: records emitted since the previous state.
    public var sourceStats: Stats?
    /// Counts from the destination: records committed since the previous state.
    public var destinationStats: Stats?
    /// Fields this library does not know (such as the platform's `id`), kept for re-serialization.
    public var unknownFields: JSONObject

    /// A state message; pass the field that ``type`` calls for.
    public init(
        type: StateType?, stream: AirbyteStreamState? = nil, global: AirbyteGlobalState? = nil,
        data: JSONValue? = nil, sourceStats: Stats? = nil, destinationStats: Stats? = nil,
        unknownFields: JSONObject = JSONObject()
    ) {
        self.type = type
        self.stream = stream
        self.global = global
        self.data = data
        self.sourceStats = sourceStats
        self.destinationStats = destinationStats
        self.unknownFields = unknownFields
    }

    /// Decodes a state payload. A STREAM state must have `stream`, a GLOBAL state
    /// `global`; a state of another type (LEGACY, missing, or unknown) is kept as it is.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        type = try decoder.decodeIfPresent("type")
        stream = try decoder.decodeIfPresent("stream")
        global = try decoder.decodeIfPresent("global")
        data = decoder.raw("data")
        sourceStats = try decoder.decodeIfPresent("sourceStats")
        destinationStats = try decoder.decodeIfPresent("destinationStats")
        unknownFields = decoder.unknownFields
        if type == .stream, stream == nil { throw AirbyteDecodingError(.missing, at: "stream") }
        if type == .global, global == nil { throw AirbyteDecodingError(.missing, at: "global") }
    }

    /// The payload as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("type", type)
        encoder.encode("stream", stream)
        encoder.encode("global", global)
        encoder.encodeRaw("data", data)
        encoder.encode("sourceStats", sourceStats)
        encoder.encode("destinationStats", destinationStats)
        return encoder.finish(with: unknownFields)
    }

    /// The type the protocol reads: ``type``, or LEGACY when it is missing.
    public var effectiveType: StateType { type ?? .legacy }

    /// The kind of a state message.
    public struct StateType: ProtocolEnum {
        /// The state of one stream, in `stream`.
        public static let stream: Self = "STREAM"
        /// Shared state plus every stream's, in `global`.
        public static let global: Self = "GLOBAL"
        /// The deprecated whole-connector blob, in `data`.
        public static let legacy: Self = "LEGACY"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// Counts attached to a state message.
    public struct Stats: Sendable, Hashable {
        /// Records since the previous state (for this stream, or all streams for GLOBAL).
        /// A double in the protocol, written with a decimal point (`12.0`).
        public var recordCount: Double?
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// Stats with `recordCount`.
        public init(recordCount: Double?, unknownFields: JSONObject = JSONObject()) {
            self.recordCount = recordCount
            self.unknownFields = unknownFields
        }

        /// Decodes `{"recordCount": 12.0}`.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            recordCount = try decoder.decodeIfPresent("recordCount")
            unknownFields = decoder.unknownFields
        }

        /// The stats as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("recordCount", recordCount)
            return encoder.finish(with: unknownFields)
        }
    }
}

extension AirbyteStateMessage: JSONConvertible {}
extension AirbyteStateMessage.StateType: JSONConvertible {}
extension AirbyteStateMessage.Stats: JSONConvertible {}
