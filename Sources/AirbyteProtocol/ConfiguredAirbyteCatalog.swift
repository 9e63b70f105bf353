/// The streams chosen for a sync and how to sync each: what `read` and `write` receive.
public struct ConfiguredAirbyteCatalog: Sendable, Hashable {
    /// The chosen streams.
    public var streams: [ConfiguredAirbyteStream]
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A configured catalog of `streams`.
    public init(streams: [ConfiguredAirbyteStream], unknownFields: JSONObject = JSONObject()) {
        self.streams = streams
        self.unknownFields = unknownFields
    }

    /// Decodes `{"streams": [...]}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        streams = try decoder.decode("streams")
        unknownFields = decoder.unknownFields
    }

    /// Parses and decodes a configured catalog file's bytes.
    ///
    /// - Throws: ``JSONParseError`` for invalid JSON, ``AirbyteDecodingError`` for a wrong shape.
    public init(parsing bytes: some Collection<UInt8>) throws {
        try self.init(json: JSONValue(parsing: bytes))
    }

    /// The catalog as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("streams", streams)
        return encoder.finish(with: unknownFields)
    }

    /// The configured stream for `descriptor`, if chosen.
    public func stream(for descriptor: StreamDescriptor) -> ConfiguredAirbyteStream? {
        streams.first { $0.stream.name == descriptor.name && $0.stream.namespace == descriptor.namespace }
    }
}

extension ConfiguredAirbyteCatalog: JSONConvertible {}
