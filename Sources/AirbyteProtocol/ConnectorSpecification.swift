/// A SPEC message's payload: what a connector needs as configuration and what it supports.
public struct ConnectorSpecification: Sendable, Hashable {
    /// Where the connector's documentation lives.
    public var documentationUrl: String?
    /// Where its changelog lives.
    public var changelogUrl: String?
    /// The JSON schema a configuration must satisfy.
    public var connectionSpecification: JSONObject
    /// Whether a source supports incremental reads (deprecated).
    public var supportsIncremental: Bool?
    /// Whether a destination supports normalization.
    public var supportsNormalization: Bool?
    /// Whether a destination supports dbt.
    public var supportsDBT: Bool?
    /// The destination sync modes a destination supports.
    public var supportedDestinationSyncModes: [DestinationSyncMode]?
    /// Deprecated OAuth description, kept as JSON.
    public var authSpecification: JSONValue?
    /// OAuth flow description, kept as JSON.
    public var advancedAuth: JSONValue?
    /// The protocol version the connector speaks, such as `0.5.2`.
    public var protocolVersion: String?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A specification whose configuration must satisfy `connectionSpecification`.
    public init(
        documentationUrl: String? = nil, changelogUrl: String? = nil, connectionSpecification: JSONObject,
        supportsIncremental: Bool? = nil, supportsNormalization: Bool? = nil, supportsDBT: Bool? = nil,
        supportedDestinationSyncModes: [DestinationSyncMode]? = nil, authSpecification: JSONValue? = nil,
        advancedAuth: JSONValue? = nil, protocolVersion: String? = nil, unknownFields: JSONObject = JSONObject()
    ) {
        self.documentationUrl = documentationUrl
        self.changelogUrl = changelogUrl
        self.connectionSpecification = connectionSpecification
        self.supportsIncremental = supportsIncremental
        self.supportsNormalization = supportsNormalization
        self.supportsDBT = supportsDBT
        self.supportedDestinationSyncModes = supportedDestinationSyncModes
        self.authSpecification = authSpecification
        self.advancedAuth = advancedAuth
        self.protocolVersion = protocolVersion
        self.unknownFields = unknownFields
    }

    /// Decodes a specification.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        documentationUrl = try decoder.decodeIfPresent("documentationUrl")
        changelogUrl = try decoder.decodeIfPresent("changelogUrl")
        connectionSpecification = try decoder.decode("connectionSpecification")
        supportsIncremental = try decoder.decodeIfPresent("supportsIncremental")
        supportsNormalization = try decoder.decodeIfPresent("supportsNormalization")
        supportsDBT = try decoder.decodeIfPresent("supportsDBT")
        supportedDestinationSyncModes = try decoder.decodeIfPresent("supported_destination_sync_modes")
        authSpecification = decoder.raw("authSpecification")
        advancedAuth = decoder.raw("advanced_auth")
        protocolVersion = try decoder.decodeIfPresent("protocol_version")
        unknownFields = decoder.unknownFields
    }

    /// The specification as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("documentationUrl", documentationUrl)
        encoder.encode("changelogUrl", changelogUrl)
        encoder.encode("connectionSpecification", connectionSpecification)
        encoder.encode("supportsIncremental", supportsIncremental)
        encoder.encode("supportsNormalization", supportsNormalization)
        encoder.encode("supportsDBT", supportsDBT)
        encoder.encode("supported_destination_sync_modes", supportedDestinationSyncModes)
        encoder.encodeRaw("authSpecification", authSpecification)
        encoder.encodeRaw("advanced_auth", advancedAuth)
        encoder.encode("protocol_version", protocolVersion)
        return encoder.finish(with: unknownFields)
    }
}

extension ConnectorSpecification: JSONConvertible {}
