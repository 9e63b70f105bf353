public import AirbyteProtocol
public import Foundation

/// A STATE message the cache saved for a source, which the next read passes back to it.
public struct SavedState: Sendable, Hashable {
    /// The source, such as `source-faker`.
    public var source: String
    /// The name of the stream the state belongs to; `_GLOBAL` or `_LEGACY` for
    /// a source that keeps one state for all its streams.
    public var stream: String
    /// The stream's namespace, if it has one.
    public var namespace: String?
    /// The stream's table, as recorded with the state.
    public var tableName: String
    /// The STATE message as saved, and as the next read sends it to the source.
    public var json: String
    /// When it was saved.
    public var updated: Date?

    public init(source: String, stream: String, namespace: String? = nil, tableName: String, json: String, updated: Date?) {
        self.source = source
        self.stream = stream
        self.namespace = namespace
        self.tableName = tableName
        self.json = json
        self.updated = updated
    }

    /// The stream, namespace and all (`_GLOBAL` / `_LEGACY` for a shared state).
    public var descriptor: StreamDescriptor { StreamDescriptor(name: stream, namespace: namespace) }

    /// Whether this is a source-wide GLOBAL or LEGACY state rather than one stream's.
    public var isShared: Bool {
        stream == CacheBookkeeping.globalStreamName || stream == CacheBookkeeping.legacyStreamName
    }

    /// ``json`` parsed as a STATE message.
    public var message: AirbyteStateMessage {
        get throws { try AirbyteStateMessage(json: JSONValue(parsing: json)) }
    }
}
