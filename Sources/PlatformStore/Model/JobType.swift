/// What a job does: Airbyte's `JobTypeEnum`.
package enum JobType: String, Sendable, Hashable, Codable, CaseIterable {
    /// Syncs the connection's selected streams.
    case sync
    /// Drops the connection's state and data (Airbyte's older name for ``clear``).
    case reset
    /// Re-reads streams from scratch, keeping what the destination has until the new data is in.
    case refresh
    /// Drops the connection's state and data for the chosen streams.
    case clear

    /// Whether the job empties streams (``reset`` or ``clear``).
    package var clearsData: Bool { self == .reset || self == .clear }
}
