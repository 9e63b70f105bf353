public import AirbyteProtocol
public import Foundation

/// One stream the cache holds, as ``Cache/streams()`` lists it.
public struct CachedStream: Sendable, Hashable {
    /// The source it was read from, such as `source-faker`.
    public var source: String
    /// The stream's name.
    public var name: String
    /// The stream's namespace, if it has one.
    public var namespace: String?
    /// The stream, namespace and all.
    public var descriptor: StreamDescriptor { StreamDescriptor(name: name, namespace: namespace) }
    /// The table holding it, `schema.table`.
    public var tableName: String
    /// Rows in ``tableName`` now; `nil` when the table does not exist (a read
    /// that saved no record for it yet, or a table dropped by hand).
    public var rowCount: Int?
    /// How the last finished read read it; `nil` when no read has finished it.
    public var syncMode: SyncMode?
    /// How the last finished read wrote it: append, append_dedup or overwrite.
    public var destinationSyncMode: DestinationSyncMode?
    /// The generation of its rows: 0 until a full refresh replaces them, then 1, 2, …
    public var generation: Int64?
    /// When the last read that finished it ended.
    public var lastRead: Date?
    /// When its state (or its source's GLOBAL state) was last saved; `nil` when
    /// none is saved, so the next read starts from the beginning.
    public var stateUpdated: Date?

    public init(
        source: String, name: String, namespace: String? = nil, tableName: String, rowCount: Int? = nil, syncMode: SyncMode? = nil,
        destinationSyncMode: DestinationSyncMode? = nil, generation: Int64? = nil, lastRead: Date? = nil,
        stateUpdated: Date? = nil
    ) {
        self.source = source
        self.name = name
        self.namespace = namespace
        self.tableName = tableName
        self.rowCount = rowCount
        self.syncMode = syncMode
        self.destinationSyncMode = destinationSyncMode
        self.generation = generation
        self.lastRead = lastRead
        self.stateUpdated = stateUpdated
    }
}
