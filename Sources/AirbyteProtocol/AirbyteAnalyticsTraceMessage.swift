/// An analytics trace: a usage event of the connector, a static type and an optional value.
public struct AirbyteAnalyticsTraceMessage: Sendable, Hashable {
    /// The event type, a static string.
    public var type: String
    /// The event's value, as text.
    public var value: String?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// An analytics event.
    public init(type: String, value: String? = nil, unknownFields: JSONObject = JSONObject()) {
        self.type = type
        self.value = value
        self.unknownFields = unknownFields
    }

    /// Decodes `{"type": …, "value": …}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        type = try decoder.decode("type")
        value = try decoder.decodeIfPresent("value")
        unknownFields = decoder.unknownFields
    }

    /// The event as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("type", type)
        encoder.encode("value", value)
        return encoder.finish(with: unknownFields)
    }
}

extension AirbyteAnalyticsTraceMessage: JSONConvertible {}
