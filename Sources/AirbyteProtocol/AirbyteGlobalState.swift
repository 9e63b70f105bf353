/// The state of a whole source at once: state shared by its streams (a CDC
/// position, for example) plus each stream's own.
public struct AirbyteGlobalState: Sendable, Hashable {
    /// State shared by all streams, any JSON.
    public var sharedState: JSONValue?
    /// Each stream's state.
    public var streamStates: [AirbyteStreamState]
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A global state.
    public init(sharedState: JSONValue? = nil, streamStates: [AirbyteStreamState], unknownFields: JSONObject = JSONObject()) {
        self.sharedState = sharedState
        self.streamStates = streamStates
        self.unknownFields = unknownFields
    }

    /// Decodes `{"shared_state": …, "stream_states": [...]}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        sharedState = decoder.raw("shared_state")
        streamStates = try decoder.decode("stream_states")
        unknownFields = decoder.unknownFields
    }

    /// The global state as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encodeRaw("shared_state", sharedState)
        encoder.encode("stream_states", streamStates)
        return encoder.finish(with: unknownFields)
    }
}

extension AirbyteGlobalState: JSONConvertible {}
