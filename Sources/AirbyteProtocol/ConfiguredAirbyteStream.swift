/// A stream chosen for a sync: the stream plus how to read and write it.
public struct ConfiguredAirbyteStream: Sendable, Hashable {
    /// The stream as the source described it.
    public var stream: AirbyteStream
    /// How the source reads it.
    public var syncMode: SyncMode
    /// The cursor, as a path into the record (incremental reads).
    public var cursorField: [String]?
    /// How the destination writes it.
    public var destinationSyncMode: DestinationSyncMode
    /// The name of the destination object to write to, when set.
    public var destinationObjectName: String?
    /// The primary key, as paths into the record (deduplicating modes).
    public var primaryKey: [[String]]?
    /// This sync's generation of the stream; grows by one per refresh.
    public var generationId: Int64?
    /// Records of generations below this must be gone after the sync (0: keep all).
    public var minimumGenerationId: Int64?
    /// This sync's id.
    public var syncId: Int64?
    /// Whether to bring the files of a file-based stream.
    public var includeFiles: Bool?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A configured stream.
    public init(
        stream: AirbyteStream, syncMode: SyncMode, cursorField: [String]? = nil,
        destinationSyncMode: DestinationSyncMode, destinationObjectName: String? = nil,
        primaryKey: [[String]]? = nil, generationId: Int64? = nil, minimumGenerationId: Int64? = nil,
        syncId: Int64? = nil, includeFiles: Bool? = nil, unknownFields: JSONObject = JSONObject()
    ) {
        self.stream = stream
        self.syncMode = syncMode
        self.cursorField = cursorField
        self.destinationSyncMode = destinationSyncMode
        self.destinationObjectName = destinationObjectName
        self.primaryKey = primaryKey
        self.generationId = generationId
        self.minimumGenerationId = minimumGenerationId
        self.syncId = syncId
        self.includeFiles = includeFiles
        self.unknownFields = unknownFields
    }

    /// Decodes a configured stream. A missing `sync_mode` reads as `full_refresh`
    /// and a missing `destination_sync_mode` as `append`, the protocol's defaults.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        stream = try decoder.decode("stream")
        syncMode = try decoder.decodeIfPresent("sync_mode") ?? .fullRefresh
        cursorField = try decoder.decodeIfPresent("cursor_field")
        destinationSyncMode = try decoder.decodeIfPresent("destination_sync_mode") ?? .append
        destinationObjectName = try decoder.decodeIfPresent("destination_object_name")
        primaryKey = try decoder.decodeIfPresent("primary_key")
        generationId = try decoder.decodeIfPresent("generation_id")
        minimumGenerationId = try decoder.decodeIfPresent("minimum_generation_id")
        syncId = try decoder.decodeIfPresent("sync_id")
        includeFiles = try decoder.decodeIfPresent("include_files")
        unknownFields = decoder.unknownFields
    }

    /// The configured stream as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("stream", stream)
        encoder.encode("sync_mode", syncMode)
        encoder.encode("cursor_field", cursorField)
        encoder.encode("destination_sync_mode", destinationSyncMode)
        encoder.encode("destination_object_name", destinationObjectName)
        encoder.encode("primary_key", primaryKey)
        encoder.encode("generation_id", generationId)
        encoder.encode("minimum_generation_id", minimumGenerationId)
        encoder.encode("sync_id", syncId)
        encoder.encode("include_files", includeFiles)
        return encoder.finish(with: unknownFields)
    }

    /// The stream's descriptor.
    public var streamDescriptor: StreamDescriptor { stream.streamDescriptor }
}

extension ConfiguredAirbyteStream: JSONConvertible {}
