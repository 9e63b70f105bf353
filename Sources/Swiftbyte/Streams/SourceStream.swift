public import AirbyteProtocol

/// A stream a source offers, as its `discover` describes it.
public struct SourceStream: Sendable, Hashable {
    /// The stream as discovered.
    public var stream: AirbyteStream

    /// A stream described by `stream`.
    public init(_ stream: AirbyteStream) {
        self.stream = stream
    }

    /// Its name.
    public var name: String { stream.name }
    /// Its name and namespace: what identifies it.
    public var descriptor: StreamDescriptor { StreamDescriptor(name: stream.name, namespace: stream.namespace) }
    /// Its namespace, if any.
    public var namespace: String? { stream.namespace }
    /// The primary key the source defines (paths into the record); empty when none.
    public var primaryKey: [[String]] { (stream.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty } }
    /// The cursor the source uses or suggests (a path into the record); `nil` when none.
    public var cursorField: [String]? { stream.defaultCursorField.flatMap { $0.isEmpty ? nil : $0 } }
    /// Whether the source decides the cursor itself.
    public var hasSourceDefinedCursor: Bool { stream.sourceDefinedCursor ?? false }
    /// The sync modes it supports.
    public var supportedSyncModes: [SyncMode] { stream.supportedSyncModes }
    /// Whether it can be read incrementally.
    public var supportsIncremental: Bool { stream.supportedSyncModes.contains(.incremental) }
}

extension SourceStream: CustomStringConvertible {
    /// `users: primary key id, cursor updated_at, modes full_refresh, incremental`.
    public var description: String {
        let key =
            primaryKey.isEmpty ? "no primary key" : "primary key " + primaryKey.map { $0.joined(separator: ".") }.joined(separator: ", ")
        let cursor = cursorField.map { "cursor " + $0.joined(separator: ".") } ?? "no cursor"
        return "\(descriptor): \(key), \(cursor), modes \(supportedSyncModes.map(\.rawValue).joined(separator: ", "))"
    }
}
