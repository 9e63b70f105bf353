/// A CATALOG message's payload: the streams a source can read.
public struct AirbyteCatalog: Sendable, Hashable {
    /// The streams.
    public var streams: [AirbyteStream]
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A catalog of `streams`.
    public init(streams: [AirbyteStream], unknownFields: JSONObject = JSONObject()) {
        self.streams = streams
        self.unknownFields = unknownFields
    }

    /// Decodes `{"streams": [...]}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        streams = try decoder.decode("streams")
        unknownFields = decoder.unknownFields
    }

    /// The catalog as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("streams", streams)
        return encoder.finish(with: unknownFields)
    }
}

extension AirbyteCatalog: JSONConvertible {}
