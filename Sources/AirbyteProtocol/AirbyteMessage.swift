/// One message of the Airbyte protocol: a JSON object on its own line with a
/// `type` and the payload that type names.
///
/// ```swift
/// let message = try AirbyteMessage(parsing: line)
/// if case .state(let state) = message.payload { … }
/// print(AirbyteMessage.log(.info, "loaded 10 rows").jsonText)
/// ```
///
/// Records on the hot path are better read with ``MessageReader``, which does not
/// build a ``JSONValue`` for each.
public struct AirbyteMessage: Sendable, Hashable {
    /// The payload, which also gives the message's type.
    public var payload: Payload
    /// Envelope fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A message carrying `payload`.
    public init(_ payload: Payload, unknownFields: JSONObject = JSONObject()) {
        self.payload = payload
        self.unknownFields = unknownFields
    }

    /// A message's payload, one case per message type.
    public enum Payload: Sendable, Hashable {
        /// RECORD: a row of a stream.
        case record(AirbyteRecordMessage)
        /// STATE: a checkpoint.
        case state(AirbyteStateMessage)
        /// LOG: a log line.
        case log(AirbyteLogMessage)
        /// SPEC: the connector's specification.
        case spec(ConnectorSpecification)
        /// CONNECTION_STATUS: the result of `check`.
        case connectionStatus(AirbyteConnectionStatus)
        /// CATALOG: the result of `discover`.
        case catalog(AirbyteCatalog)
        /// TRACE: an error, estimate, stream status or analytics event.
        case trace(AirbyteTraceMessage)
        /// CONTROL: a request to the platform, such as storing a new configuration.
        case control(AirbyteControlMessage)
        /// DESTINATION_CATALOG: the operations a destination supports.
        case destinationCatalog(DestinationCatalog)
        /// A type this library does not know; its fields are in the message's `unknownFields`.
        case unknown(type: String)
    }

    /// The message's type.
    public var type: MessageType {
        switch payload {
        case .record: .record
        case .state: .state
        case .log: .log
        case .spec: .spec
        case .connectionStatus: .connectionStatus
        case .catalog: .catalog
        case .trace: .trace
        case .control: .control
        case .destinationCatalog: .destinationCatalog
        case .unknown(let type): MessageType(rawValue: type)
        }
    }

    /// Decodes a message. A known type requires its payload field (`record`,
    /// `state`, `connectionStatus`, …); a message of an unknown type decodes as
    /// ``Payload/unknown(type:)`` so that a reader can skip it.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        let type: MessageType = try decoder.decode("type")
        switch type {
        case .record: payload = .record(try decoder.decode("record"))
        case .state: payload = .state(try decoder.decode("state"))
        case .log: payload = .log(try decoder.decode("log"))
        case .spec: payload = .spec(try decoder.decode("spec"))
        case .connectionStatus: payload = .connectionStatus(try decoder.decode("connectionStatus"))
        case .catalog: payload = .catalog(try decoder.decode("catalog"))
        case .trace: payload = .trace(try decoder.decode("trace"))
        case .control: payload = .control(try decoder.decode("control"))
        case .destinationCatalog: payload = .destinationCatalog(try decoder.decode("destination_catalog"))
        default: payload = .unknown(type: type.rawValue)
        }
        unknownFields = decoder.unknownFields
    }

    /// Parses and decodes one message from the bytes of its line.
    ///
    /// - Throws: ``JSONParseError`` for invalid JSON, ``AirbyteDecodingError`` for a wrong shape.
    public init(parsing bytes: some Collection<UInt8>) throws {
        try self.init(json: JSONValue(parsing: bytes))
    }

    /// The message as JSON: `type`, then the payload, then unknown fields.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("type", type)
        switch payload {
        case .record(let record): encoder.encode("record", record)
        case .state(let state): encoder.encode("state", state)
        case .log(let log): encoder.encode("log", log)
        case .spec(let spec): encoder.encode("spec", spec)
        case .connectionStatus(let status): encoder.encode("connectionStatus", status)
        case .catalog(let catalog): encoder.encode("catalog", catalog)
        case .trace(let trace): encoder.encode("trace", trace)
        case .control(let control): encoder.encode("control", control)
        case .destinationCatalog(let catalog): encoder.encode("destination_catalog", catalog)
        case .unknown: break
        }
        return encoder.finish(with: unknownFields)
    }

    /// The message as one line of compact JSON, without the newline.
    public var jsonText: String { json.jsonText }

    /// Appends the message as compact JSON followed by a newline: one protocol line.
    public func serializeLine(into bytes: inout [UInt8]) {
        json.serialize(into: &bytes)
        bytes.append(ASCII.lineFeed)
    }

    /// The type of a message.
    public struct MessageType: ProtocolEnum {
        /// A row of a stream.
        public static let record: Self = "RECORD"
        /// A checkpoint.
        public static let state: Self = "STATE"
        /// A log line.
        public static let log: Self = "LOG"
        /// The connector's specification.
        public static let spec: Self = "SPEC"
        /// The result of `check`.
        public static let connectionStatus: Self = "CONNECTION_STATUS"
        /// The result of `discover`.
        public static let catalog: Self = "CATALOG"
        /// An error, estimate, stream status or analytics event.
        public static let trace: Self = "TRACE"
        /// A request to the platform.
        public static let control: Self = "CONTROL"
        /// The operations a destination supports.
        public static let destinationCatalog: Self = "DESTINATION_CATALOG"

        /// The value as written on the wire.
        public let rawValue: String
        /// The value with this text, known or not.
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension AirbyteMessage: JSONConvertible {}
extension AirbyteMessage.MessageType: JSONConvertible {}
