/// A DESTINATION_CATALOG message's payload: the operations a destination can perform.
public struct DestinationCatalog: Sendable, Hashable {
    /// The operations.
    public var operations: [Operation]
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A destination catalog.
    public init(operations: [Operation], unknownFields: JSONObject = JSONObject()) {
        self.operations = operations
        self.unknownFields = unknownFields
    }

    /// Decodes `{"operations": [...]}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        operations = try decoder.decode("operations")
        unknownFields = decoder.unknownFields
    }

    /// The catalog as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("operations", operations)
        return encoder.finish(with: unknownFields)
    }

    /// One operation on a destination object.
    public struct Operation: Sendable, Hashable {
        /// The destination object's name.
        public var objectName: String
        /// How the operation writes.
        public var syncMode: DestinationSyncMode
        /// The JSON schema of what it accepts.
        public var jsonSchema: JSONObject
        /// Keys that match a record to an existing object, as paths.
        public var matchingKeys: [[String]]?
        /// Fields this library does not know, kept for re-serialization.
        public var unknownFields: JSONObject

        /// An operation.
        public init(
            objectName: String, syncMode: DestinationSyncMode, jsonSchema: JSONObject,
            matchingKeys: [[String]]? = nil, unknownFields: JSONObject = JSONObject()
        ) {
            self.objectName = objectName
            self.syncMode = syncMode
            self.jsonSchema = jsonSchema
            self.matchingKeys = matchingKeys
            self.unknownFields = unknownFields
        }

        /// Decodes an operation.
        public init(json: JSONValue) throws(AirbyteDecodingError) {
            var decoder = try ObjectDecoder(json)
            objectName = try decoder.decode("object_name")
            syncMode = try decoder.decode("sync_mode")
            jsonSchema = try decoder.decode("json_schema")
            matchingKeys = try decoder.decodeIfPresent("matching_keys")
            unknownFields = decoder.unknownFields
        }

        /// The operation as JSON.
        public var json: JSONValue {
            var encoder = ObjectEncoder()
            encoder.encode("object_name", objectName)
            encoder.encode("sync_mode", syncMode)
            encoder.encode("json_schema", jsonSchema)
            encoder.encode("matching_keys", matchingKeys)
            return encoder.finish(with: unknownFields)
        }
    }
}

extension DestinationCatalog: JSONConvertible {}
extension DestinationCatalog.Operation: JSONConvertible {}
