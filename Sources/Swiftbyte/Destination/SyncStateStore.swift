public import AirbyteProtocol

/// Where a sync keeps the states its destination echoed, so the next sync of
/// the same source into the same destination resumes from them: a
/// ``StateFile``, or a ``Cache`` (its `_airbyte_destination_state` table).
public protocol SyncStateStore: Sendable {
    /// The saved states of `source` synced into `destination`, to resume from.
    func states(source: String, destination: String) throws -> [AirbyteStateMessage]
    /// Saves a state the destination echoed, replacing what it supersedes: a
    /// STREAM state replaces that stream's (and any GLOBAL or LEGACY state), a
    /// GLOBAL or LEGACY state replaces every other.
    func save(_ state: AirbyteStateMessage, source: String, destination: String) throws
}
