package import AirbyteProtocol
package import Foundation

/// A job: one sync, reset, clear or refresh of a connection, run in one or more attempts.
///
/// At most one job per connection runs at a time; others wait (`pending`)
/// until it is over. A running job is held by one worker through its
/// ``lease``, which the worker's heartbeat renews; a lease that expires (the
/// worker died) lets another worker retry the job.
package struct Job: Sendable, Hashable {
    /// Its id (Airbyte's `jobId`).
    package var id: JobID
    /// The connection it runs.
    package var connectionID: ConnectionID
    /// The connection's workspace.
    package var workspaceID: WorkspaceID
    /// What it does.
    package var type: JobType
    /// Where it is.
    package var status: JobStatus
    /// Who started it.
    package var trigger: JobTrigger
    /// For a scheduled job, the schedule's time it stands for.
    package var scheduledFor: Date?
    /// The streams a reset, clear or refresh is about; `nil` for all of the connection's.
    package var streams: [StreamDescriptor]?
    /// Attempts it may take (from the connection's retry policy when it was created).
    package var maxAttempts: Int
    /// Attempts started so far.
    package var attemptCount: Int
    /// When the next attempt is due (after a failed one); `nil` when due now.
    package var nextAttemptAt: Date?
    /// Whether someone asked to cancel it while it runs.
    package var cancelRequested: Bool
    /// The worker holding it, while it runs.
    package var lease: Lease?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date
    /// When its first attempt started.
    package var startedAt: Date?
    /// When it ended.
    package var endedAt: Date?

    /// A job as the store returns it.
    package init(
        id: JobID, connectionID: ConnectionID, workspaceID: WorkspaceID, type: JobType, status: JobStatus,
        trigger: JobTrigger, scheduledFor: Date?, streams: [StreamDescriptor]?, maxAttempts: Int,
        attemptCount: Int, nextAttemptAt: Date?, cancelRequested: Bool, lease: Lease?, createdAt: Date,
        updatedAt: Date, startedAt: Date?, endedAt: Date?
    ) {
        self.id = id
        self.connectionID = connectionID
        self.workspaceID = workspaceID
        self.type = type
        self.status = status
        self.trigger = trigger
        self.scheduledFor = scheduledFor
        self.streams = streams
        self.maxAttempts = maxAttempts
        self.attemptCount = attemptCount
        self.nextAttemptAt = nextAttemptAt
        self.cancelRequested = cancelRequested
        self.lease = lease
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// A worker's hold on a running job.
package struct Lease: Sendable, Hashable {
    /// The worker: `host:pid:nonce`, unique per server process.
    package var owner: String
    /// When the hold lapses unless renewed.
    package var expiresAt: Date

    /// A lease.
    package init(owner: String, expiresAt: Date) {
        self.owner = owner
        self.expiresAt = expiresAt
    }
}
