/// Whether a connection runs: Airbyte's connection `status`.
package enum ConnectionStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Syncs on its schedule and on demand.
    case active
    /// Paused (by a person, or disabled after repeated failures; ``SavedConnection/statusReason`` says which).
    case inactive
    /// Deleted: kept for its job history, hidden from lists by default.
    case deprecated
    /// Locked by the platform.
    case locked
}
