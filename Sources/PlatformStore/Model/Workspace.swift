package import Foundation

/// A workspace: the folder every source, destination and connection lives in.
/// The store is created with one (see ``PlatformStore/defaultWorkspace()``);
/// more may be added.
package struct Workspace: Sendable, Hashable {
    /// Its id.
    package var id: WorkspaceID
    /// Its name.
    package var name: String
    /// Where its connections' notifications go, unless a connection overrides them.
    package var notifications: NotificationSettings
    /// Failed jobs in a row after which its connections are disabled, unless a
    /// connection has its own; `nil` uses the platform's (3).
    package var failureThreshold: Int?
    /// Whether it was deleted (kept as a tombstone, as Airbyte does, and hidden from lists by default).
    package var isDeleted: Bool
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// A workspace named `name`, created `now`.
    package init(
        id: WorkspaceID = WorkspaceID(), name: String, notifications: NotificationSettings = NotificationSettings(),
        failureThreshold: Int? = nil, isDeleted: Bool = false, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.notifications = notifications
        self.failureThreshold = failureThreshold
        self.isDeleted = isDeleted
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
    }
}
