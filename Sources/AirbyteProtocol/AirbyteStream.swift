/// A stream a source can read: its name, schema and the ways it can be read.
public struct AirbyteStream: Sendable, Hashable {
    /// The stream's name.
    public var name: String
    /// The JSON schema of its records.
    public var jsonSchema: JSONObject
    /// How it can be read (at least one mode).
    public var supportedSyncModes: [SyncMode]
    /// Whether the source chooses the cursor (any other cursor is then ignored).
    public var sourceDefinedCursor: Bool?
    /// The cursor the source suggests, as a path into the record.
    public var defaultCursorField: [String]?
    /// The primary key the source defines, as paths into the record.
    public var sourceDefinedPrimaryKey: [[String]]?
    /// The stream's namespace, if any.
    public var namespace: String?
    /// Whether an interrupted read can resume from state.
    public var isResumable: Bool?
    /// Whether the stream describes files.
    public var isFileBased: Bool?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A stream.
    public init(
        name: String, jsonSchema: JSONObject, supportedSyncModes: [SyncMode], sourceDefinedCursor: Bool? = nil,
        defaultCursorField: [String]? = nil, sourceDefinedPrimaryKey: [[String]]? = nil, namespace: String? = nil,
        isResumable: Bool? = nil, isFileBased: Bool? = nil, unknownFields: JSONObject = JSONObject()
    ) {
        self.name = name
        self.jsonSchema = jsonSchema
        self.supportedSyncModes = supportedSyncModes
        self.sourceDefinedCursor = sourceDefinedCursor
        self.defaultCursorField = defaultCursorField
        self.sourceDefinedPrimaryKey = sourceDefinedPrimaryKey
        self.namespace = namespace
        self.isResumable = isResumable
        self.isFileBased = isFileBased
        self.unknownFields = unknownFields
    }

    /// Decodes a stream. `supported_sync_modes` is required by the protocol but
    /// read as empty when absent, as some sources omit it.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        name = try decoder.decode("name")
        jsonSchema = try decoder.decode("json_schema")
        supportedSyncModes = try decoder.decodeIfPresent("supported_sync_modes") ?? []
        sourceDefinedCursor = try decoder.decodeIfPresent("source_defined_cursor")
        defaultCursorField = try decoder.decodeIfPresent("default_cursor_field")
        sourceDefinedPrimaryKey = try decoder.decodeIfPresent("source_defined_primary_key")
        namespace = try decoder.decodeIfPresent("namespace")
        isResumable = try decoder.decodeIfPresent("is_resumable")
        isFileBased = try decoder.decodeIfPresent("is_file_based")
        unknownFields = decoder.unknownFields
    }

    /// The stream as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("name", name)
        encoder.encode("json_schema", jsonSchema)
        encoder.encode("supported_sync_modes", supportedSyncModes)
        encoder.encode("source_defined_cursor", sourceDefinedCursor)
        encoder.encode("default_cursor_field", defaultCursorField)
        encoder.encode("source_defined_primary_key", sourceDefinedPrimaryKey)
        encoder.encode("namespace", namespace)
        encoder.encode("is_resumable", isResumable)
        encoder.encode("is_file_based", isFileBased)
        return encoder.finish(with: unknownFields)
    }

    /// The stream's descriptor.
    public var streamDescriptor: StreamDescriptor { StreamDescriptor(name: name, namespace: namespace) }
}

extension AirbyteStream: JSONConvertible {}
