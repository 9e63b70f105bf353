public import AirbyteProtocol

/// What ``Source/read(into:fullRefresh:basicNormalization:progress:)`` loaded into the cache.
///
/// ```swift
/// let result = try await source.read(into: cache)
/// print(result["users"].count, result["users"]?.tableName ?? "")
/// ```
public struct ReadResult: Sendable {
    /// One stream's part of the read.
    public struct Stream: Sendable {
        /// The stream: its name and namespace.
        public var descriptor: StreamDescriptor
        /// Records written to its table in this read.
        public var recordCount: Int
        /// From the stream's first record (or its STARTED status, if that came
        /// first) to its COMPLETE status, or to the end of the read for a
        /// source that sends no statuses: the time the stream itself took,
        /// without the source's start-up. Zero for a stream that sent nothing.
        public var duration: Duration
        /// The table holding it, `schema.table`.
        public var tableName: String
        /// How it was read: incremental or full refresh.
        public var syncMode: SyncMode

        /// Records per second over ``duration`` (0 when it took no measurable time).
        public var recordsPerSecond: Double {
            let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
            return seconds > 0 ? Double(recordCount) / seconds : 0
        }

        /// The stream's name (see ``descriptor`` for its namespace).
        public var name: String { descriptor.name }
        /// The stream's namespace, if any.
        public var namespace: String? { descriptor.effectiveNamespace }
    }

    /// The streams read, in catalog order.
    public var streams: [Stream]
    /// STATE messages acknowledged and saved in the cache.
    public var savedStates: Int
    /// From the start of the connector to its end.
    public var duration: Duration

    /// Records of all streams.
    public var recordCount: Int { streams.reduce(0) { $0 + $1.recordCount } }

    /// The stream named `name`: its name alone (the first of that name, in
    /// catalog order) or `namespace.name`; `nil` when it was not read.
    public subscript(name: String) -> Stream? { streams.first { $0.descriptor.isNamed(name) } }

    /// The stream `stream`, namespace and all; `nil` when it was not read.
    public subscript(stream: StreamDescriptor) -> Stream? { streams.first { $0.descriptor == stream } }
}

extension Optional where Wrapped == ReadResult.Stream {
    /// Records the read wrote for this stream, 0 when it did not read the
    /// stream: `result["users"].count`, as PyAirbyte's `len(result["users"])`.
    /// `result["users"]` stays optional, so `if let` tells an unread stream apart.
    public var count: Int { self?.recordCount ?? 0 }
}
