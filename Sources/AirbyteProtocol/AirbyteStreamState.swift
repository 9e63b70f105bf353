/// One stream's state: which stream, and the source's opaque state for it.
public struct AirbyteStreamState: Sendable, Hashable {
    /// The stream.
    public var streamDescriptor: StreamDescriptor
    /// The source's state for the stream, any JSON (normally an object).
    public var streamState: JSONValue?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// The state `streamState` of the stream `streamDescriptor`.
    public init(streamDescriptor: StreamDescriptor, streamState: JSONValue?, unknownFields: JSONObject = JSONObject()) {
        self.streamDescriptor = streamDescriptor
        self.streamState = streamState
        self.unknownFields = unknownFields
    }

    /// Decodes `{"stream_descriptor": {…}, "stream_state": …}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        streamDescriptor = try decoder.decode("stream_descriptor")
        streamState = decoder.raw("stream_state")
        unknownFields = decoder.unknownFields
    }

    /// The stream state as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("stream_descriptor", streamDescriptor)
        encoder.encodeRaw("stream_state", streamState)
        return encoder.finish(with: unknownFields)
    }
}

extension AirbyteStreamState: JSONConvertible {}
