/// What ``Source/sync(to:states:fullRefresh:progress:)`` moved.
///
/// ```swift
/// let result = try await source.sync(to: destination, states: cache)
/// print(result.recordCount, result.savedStates)
/// ```
public struct SyncResult: Sendable {
    /// The streams synced, in catalog order. ``ReadResult/Stream/recordCount``
    /// counts the records handed to the destination; ``ReadResult/Stream/tableName``
    /// is empty, since the destination names its tables.
    public var streams: [ReadResult.Stream]
    /// The destination's name.
    public var destination: String
    /// STATE messages the destination echoed, and saved.
    public var savedStates: Int
    /// From the start of the source to the end of both connectors.
    public var duration: Duration

    /// Records of all streams.
    public var recordCount: Int { streams.reduce(0) { $0 + $1.recordCount } }

    /// The stream named `name` (its name alone, or `namespace.name`), if it was synced.
    public subscript(name: String) -> ReadResult.Stream? { streams.first { $0.descriptor.isNamed(name) } }

    /// The stream `stream`, namespace and all, if it was synced.
    public subscript(stream: StreamDescriptor) -> ReadResult.Stream? { streams.first { $0.descriptor == stream } }
}
