/// An estimate trace: how much a stream (or the whole sync) will produce.
public struct AirbyteEstimateTraceMessage: Sendable, Hashable {
    /// The stream's name.
    public var name: String
    /// Whether the estimate is for one stream or the whole sync.
    public var type: EstimateType
    /// The stream's namespace, if any.
    public var namespace: String?
    /// Estimated rows.
    public var rowEstimate: Int64?
    /// Estimated bytes.
    public var byteEstimate: Int64?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// An estimate.
    public init(
        name: String, type: EstimateType, namespace: String? = nil, rowEstimate: Int64? = nil,
        byteEstimate: Int64? = nil, unknownFields: JSONObject = JSONObject()
    ) {
        self.name = name
        self.type = type
        self.namespace = namespace
        self.rowEstimate = rowEstimate
        self.byteEstimate = byteEstimate
        self.unknownFields = unknownFields
    }

    /// Decodes an estimate.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        name = try decoder.decode("name")
        type = try decoder.decode("type")
        namespace = try decoder.decodeIfPresent("namespace")
        rowEstimate = try decoder.decodeIfPresent("row_estimate")
        byteEstimate = try decoder.decodeIfPresent("byte_estimate")
        unknownFields = decoder.unknownFields
    }

    /// The estimate as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("name", name)
        encoder.encode("type", type)
        encoder.encode("namespace", namespace)
        encoder.encode("row_estimate", rowEstimate)
        encoder.encode("byte_estimate", byteEstimate)
        return encoder.finish(with: unknownFields)
    }

    /// What an estimate covers.
    public struct EstimateType: ProtocolEnum {
        /// One stream.
        public static let stream: Self = "STREAM"
        /// The whole sync.
        public static let sync: Self = "SYNC"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteEstimateTraceMessage: JSONConvertible {}
extension AirbyteEstimateTraceMessage.EstimateType: JSONConvertible {}
