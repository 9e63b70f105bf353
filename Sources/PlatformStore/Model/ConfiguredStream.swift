/// How a connection syncs one of its source's streams: Airbyte's
/// `StreamConfiguration` plus whether it is selected.
///
/// The stream's schema is not here: it is in the connection's
/// ``SavedConnection/catalog``, the discovered catalog the streams were chosen from.
package struct ConfiguredStream: Sendable, Hashable, Codable {
    /// The stream's name.
    package var name: String
    /// The stream's namespace, when the source has them.
    package var namespace: String?
    /// Whether the connection syncs it.
    package var selected: Bool
    /// How it is read and written.
    package var syncMode: ConnectionSyncMode
    /// The cursor, as a path into the record, for incremental reads of a
    /// stream whose source does not decide its own; `nil` keeps the source's default.
    package var cursorField: [String]?
    /// The primary key, as paths into the record; `nil` keeps the source's.
    package var primaryKey: [[String]]?
    /// The name of the table (or other object) to write to, when not the stream's name.
    package var destinationObjectName: String?

    /// A stream configuration.
    package init(
        name: String, namespace: String? = nil, selected: Bool = true, syncMode: ConnectionSyncMode,
        cursorField: [String]? = nil, primaryKey: [[String]]? = nil, destinationObjectName: String? = nil
    ) {
        self.name = name
        self.namespace = namespace
        self.selected = selected
        self.syncMode = syncMode
        self.cursorField = cursorField
        self.primaryKey = primaryKey
        self.destinationObjectName = destinationObjectName
    }
}
