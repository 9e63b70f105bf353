/// A CONTROL message's payload: a request from the connector to the platform,
/// such as storing an updated configuration (a refreshed OAuth token).
public struct AirbyteControlMessage: Sendable, Hashable {
    /// The kind of control message.
    public var type: ControlType
    /// When it was emitted, in milliseconds since the Unix epoch.
    public var emittedAt: Double
    /// The configuration to store (CONNECTOR_CONFIG).
    public var connectorConfig: ConnectorConfig?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A control message.
    public init(
        type: ControlType, emittedAt: Double, connectorConfig: ConnectorConfig? = nil,
        unknownFields: JSONObject = JSONObject()
    ) {
        self.type = type
        self.emittedAt = emittedAt
        self.connectorConfig = connectorConfig
        self.unknownFields = unknownFields
    }

    /// Decodes a control payload; CONNECTOR_CONFIG requires `connectorConfig`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        type = try decoder.decode("type")
        emittedAt = try decoder.decode("emitted_at")
        connectorConfig = try decoder.decodeIfPresent("connectorConfig")
        unknownFields = decoder.unknownFields
        if type == .connectorConfig, connectorConfig == nil { throw AirbyteDecodingError(.missing, at: "connectorConfig") }
    }

    /// The payload as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("type", type)
        encoder.encodeRaw("emitted_at", .number(emittedAt.compactJSONNumberText))
        encoder.encode("connectorConfig", connectorConfig)
        return encoder.finish(with: unknownFields)
    }

    /// The kind of a control message.
    public struct ControlType: ProtocolEnum {
        /// Store an updated connector configuration.
        public static let connectorConfig: Self = "CONNECTOR_CONFIG"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }

    /// An updated configuration for the platform to store.
    public struct ConnectorConfig: Sendable, Hashable {
        /// The configuration's fields to update.
        public var config: JSONObject
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// An updated configuration.
        public init(config: JSONObject, unknownFields: JSONObject = JSONObject()) {
            self.config = config
            self.unknownFields = unknownFields
        }

        /// Decodes `{"config": {…}}`.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            config = try decoder.decode("config")
            unknownFields = decoder.unknownFields
        }

        /// The configuration message as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("config", config)
            return encoder.finish(with: unknownFields)
        }
    }
}

extension AirbyteControlMessage: JSONConvertible {}
extension AirbyteControlMessage.ControlType: JSONConvertible {}
extension AirbyteControlMessage.ConnectorConfig: JSONConvertible {}
