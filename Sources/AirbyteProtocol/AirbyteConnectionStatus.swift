/// A CONNECTION_STATUS message's payload: whether `check` could connect with the configuration.
public struct AirbyteConnectionStatus: Sendable, Hashable {
    /// Succeeded or failed.
    public var status: Status
    /// Why it failed, for the user.
    public var message: String?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A connection status.
    public init(status: Status, message: String? = nil, unknownFields: JSONObject = JSONObject()) {
        self.status = status
        self.message = message
        self.unknownFields = unknownFields
    }

    /// Decodes `{"status": …, "message": …}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        status = try decoder.decode("status")
        message = try decoder.decodeIfPresent("message")
        unknownFields = decoder.unknownFields
    }

    /// The status as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("status", status)
        encoder.encode("message", message)
        return encoder.finish(with: unknownFields)
    }

    /// The outcome of a check.
    public struct Status: ProtocolEnum {
        /// The connector could connect.
        public static let succeeded: Self = "SUCCEEDED"
        /// It could not; `message` says why.
        public static let failed: Self = "FAILED"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteConnectionStatus: JSONConvertible {}
extension AirbyteConnectionStatus.Status: JSONConvertible {}
