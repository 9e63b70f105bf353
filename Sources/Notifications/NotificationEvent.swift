/// What happened, for a notification.
public enum NotificationEvent: String, Sendable, Hashable, Codable, CaseIterable {
    /// A sync failed (after its last attempt).
    case syncFailure = "sync_failure"
    /// A sync succeeded; off by default.
    case syncSuccess = "sync_success"
    /// A connection was disabled because its syncs kept failing.
    case syncDisabled = "sync_disabled"
}
