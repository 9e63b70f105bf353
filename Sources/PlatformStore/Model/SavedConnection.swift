package import AirbyteProtocol
package import Foundation

/// A connection: a source synced into a destination, stream by stream, on a schedule.
package struct SavedConnection: Sendable, Hashable {
    /// Its id (Airbyte's `connectionId`).
    package var id: ConnectionID
    /// The workspace it belongs to (its source's and destination's).
    package var workspaceID: WorkspaceID
    /// Its name.
    package var name: String
    /// What it reads.
    package var sourceID: SourceID
    /// Where it writes.
    package var destinationID: DestinationID
    /// How each stream is synced; unselected streams are kept so a person can select them again.
    package var streams: [ConfiguredStream]
    /// The source's catalog the streams were configured from: each stream's schema
    /// and supported modes, so a sync needs no `discover`. `nil` until configured.
    package var catalog: AirbyteCatalog?
    /// Where its tables go in the destination.
    package var namespaceDefinition: NamespaceDefinition
    /// The namespace for ``NamespaceDefinition/customFormat``, such as `${SOURCE_NAMESPACE}`.
    package var namespaceFormat: String?
    /// Put before every table name.
    package var prefix: String
    /// When it syncs by itself.
    package var schedule: ConnectionSchedule
    /// When ``schedule`` took effect (creation, or its last change): a new
    /// schedule counts from here, not from long-ago syncs.
    package var scheduleUpdatedAt: Date
    /// Whether it runs.
    package var status: ConnectionStatus
    /// Why it is inactive, when the platform made it so (disabled after repeated failures).
    package var statusReason: String?
    /// What a non-breaking schema change does.
    package var nonBreakingChangesBehavior: NonBreakingChangesBehavior
    /// Attempts and backoff for its jobs; `nil` uses the platform's (Airbyte's defaults).
    package var retryPolicy: RetryPolicy?
    /// Failed jobs in a row after which it is disabled; `nil` uses the platform's (3).
    package var failureThreshold: Int?
    /// Where its notifications go instead of its workspace's; `nil` uses the workspace's.
    package var notifications: NotificationSettings?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// A connection; manual and active unless told otherwise, as Airbyte creates them.
    package init(
        id: ConnectionID = ConnectionID(), workspaceID: WorkspaceID, name: String, sourceID: SourceID,
        destinationID: DestinationID, streams: [ConfiguredStream] = [], catalog: AirbyteCatalog? = nil,
        namespaceDefinition: NamespaceDefinition = .destination, namespaceFormat: String? = nil,
        prefix: String = "", schedule: ConnectionSchedule = .manual, scheduleUpdatedAt: Date? = nil,
        status: ConnectionStatus = .active,
        statusReason: String? = nil, nonBreakingChangesBehavior: NonBreakingChangesBehavior = .ignore,
        retryPolicy: RetryPolicy? = nil, failureThreshold: Int? = nil,
        notifications: NotificationSettings? = nil, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.name = name
        self.sourceID = sourceID
        self.destinationID = destinationID
        self.streams = streams
        self.catalog = catalog
        self.namespaceDefinition = namespaceDefinition
        self.namespaceFormat = namespaceFormat
        self.prefix = prefix
        self.schedule = schedule
        self.scheduleUpdatedAt = (scheduleUpdatedAt ?? createdAt).wholeMilliseconds
        self.status = status
        self.statusReason = statusReason
        self.nonBreakingChangesBehavior = nonBreakingChangesBehavior
        self.retryPolicy = retryPolicy
        self.failureThreshold = failureThreshold
        self.notifications = notifications
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
    }

    /// The selected streams.
    package var selectedStreams: [ConfiguredStream] { streams.filter(\.selected) }
}
