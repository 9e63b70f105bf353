public import AirbyteProtocol

/// Builds the configured catalog of a read: how each selected stream is read
/// and written.
///
/// - incremental + append_dedup where the stream supports incremental and has
///   a primary key (the source's, or one given);
/// - incremental + append where it supports incremental and has only a cursor;
/// - full_refresh + overwrite otherwise, and for every stream when
///   ``fullRefresh`` is set.
///
/// Generations: an incremental stream keeps its previous generation
/// (`generation_id` = the previous one, 0 the first time) with
/// `minimum_generation_id` 0, so earlier rows stay; a full refresh starts the
/// next generation and sets `minimum_generation_id` to it, so rows of earlier
/// generations go once the stream completes. `sync_id` is the same for every
/// stream of the read.
public struct CatalogBuilder: Sendable {
    /// Read every stream in full and replace what was there.
    public var fullRefresh = false
    /// Primary keys by stream, for streams whose source defines none (or to
    /// override it). A string literal is a stream without namespace: `["users": [["id"]]]`.
    public var primaryKeys: [StreamDescriptor: [[String]]] = [:]
    /// Cursors by stream, for streams whose source does not decide its own.
    public var cursorFields: [StreamDescriptor: [String]] = [:]
    /// Each stream's generation in the previous read; absent means none yet.
    public var previousGenerations: [StreamDescriptor: Int64] = [:]
    /// This read's id, shared by its streams.
    public var syncID: Int64
    /// When set, every full-refresh stream gets this generation (and minimum
    /// generation) instead of the one after its previous: for a caller that does
    /// not know the previous generations (`sync` into another destination), the
    /// read's ``syncID`` gives each attempt a new generation, higher than any
    /// earlier one, so a destination never resumes into an earlier attempt's rows.
    public var fullRefreshGeneration: Int64?

    /// A builder for a read with id `syncID` (the cache numbers its reads; the
    /// default is the current time in milliseconds since the Unix epoch, which grows from read to read).
    public init(
        fullRefresh: Bool = false, primaryKeys: [StreamDescriptor: [[String]]] = [:],
        cursorFields: [StreamDescriptor: [String]] = [:], previousGenerations: [StreamDescriptor: Int64] = [:],
        syncID: Int64 = Int64(AirbyteMessage.currentEpochMilliseconds)
    ) {
        self.fullRefresh = fullRefresh
        self.primaryKeys = primaryKeys
        self.cursorFields = cursorFields
        self.previousGenerations = previousGenerations
        self.syncID = syncID
    }

    /// The configured catalog of `streams`, in their order.
    public func catalog(for streams: [SourceStream]) -> ConfiguredAirbyteCatalog {
        ConfiguredAirbyteCatalog(streams: streams.map(configure))
    }

    /// How `stream` is read and written.
    public func configure(_ stream: SourceStream) -> ConfiguredAirbyteStream {
        let primaryKey =
            primaryKeys[stream.descriptor].map { $0.filter { !$0.isEmpty } }.flatMap { $0.isEmpty ? nil : $0 }
            ?? (stream.primaryKey.isEmpty ? nil : stream.primaryKey)
        let cursor = stream.hasSourceDefinedCursor ? stream.cursorField : (cursorFields[stream.descriptor] ?? stream.cursorField)
        let hasCursor = stream.hasSourceDefinedCursor || cursor != nil

        let syncMode: SyncMode
        let destinationMode: DestinationSyncMode
        if !fullRefresh, stream.supportsIncremental, primaryKey != nil {
            (syncMode, destinationMode) = (.incremental, .appendDedup)
        } else if !fullRefresh, stream.supportsIncremental, hasCursor {
            (syncMode, destinationMode) = (.incremental, .append)
        } else {
            (syncMode, destinationMode) = (.fullRefresh, .overwrite)
        }

        let previous = previousGenerations[stream.descriptor]
        let generation: Int64
        let minimumGeneration: Int64
        if syncMode == .fullRefresh {
            generation = fullRefreshGeneration ?? (previous ?? 0) + 1
            minimumGeneration = generation
        } else {
            generation = previous ?? 0
            minimumGeneration = 0
        }
        return ConfiguredAirbyteStream(
            stream: stream.stream, syncMode: syncMode,
            cursorField: syncMode == .incremental ? cursor : nil,
            destinationSyncMode: destinationMode, primaryKey: primaryKey,
            generationId: generation, minimumGenerationId: minimumGeneration, syncId: syncID)
    }
}
