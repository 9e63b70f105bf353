public import Foundation
public import Schedule

/// A connection as the scheduler sees it: its schedule and when it last synced.
public struct ScheduledConnection<ID: Hashable & Sendable>: Sendable {
    /// The connection's identity.
    public var id: ID
    /// When it syncs.
    public var schedule: Schedule
    /// When its last sync job (scheduled or manual) was created, nil if never.
    public var lastRun: Date?
    /// When the schedule took effect: the connection's creation or the last
    /// change of its schedule (see ``Schedule/nextRun(lastRun:scheduledSince:)``).
    public var scheduledSince: Date

    public init(id: ID, schedule: Schedule, lastRun: Date?, scheduledSince: Date) {
        self.id = id
        self.schedule = schedule
        self.lastRun = lastRun
        self.scheduledSince = scheduledSince
    }
}

/// A sync the schedule asks for.
public struct DueSync<ID: Hashable & Sendable>: Sendable, Hashable {
    /// The connection to sync.
    public var id: ID
    /// When the schedule wanted it: before now by the scheduler's lag, or by
    /// the downtime when a missed sync is caught up.
    public var scheduledFor: Date

    public init(id: ID, scheduledFor: Date) {
        self.id = id
        self.scheduledFor = scheduledFor
    }
}

/// Where the ``Scheduler`` reads connections and sends the syncs they owe:
/// the platform's store and job queue.
public protocol ScheduledConnections: Sendable {
    /// How the platform identifies a connection.
    associatedtype ConnectionID: Hashable & Sendable

    /// The connections that run on a schedule: active ones, not manual ones
    /// (a manual one is harmless, just never due).
    func scheduledConnections() async throws -> [ScheduledConnection<ConnectionID>]

    /// Queues a sync for each connection, all due at `now`; the job's creation
    /// time becomes that connection's ``ScheduledConnection/lastRun``. It
    /// should be idempotent per connection (at most one queued sync each):
    /// after an error the scheduler asks again.
    func enqueueScheduledSyncs(_ syncs: [DueSync<ConnectionID>], now: Date) async throws
}
