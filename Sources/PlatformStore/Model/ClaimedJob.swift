package import Foundation

/// A job a worker claimed, with the attempt it is to run and the token that
/// proves it still holds the job (see ``PlatformStore/claimJob(worker:leaseDuration:now:logPath:)``).
package struct ClaimedJob: Sendable, Hashable {
    /// The job, now `running`.
    package var job: Job
    /// The new attempt.
    package var attempt: Attempt
    /// The worker's hold, passed back with every heartbeat, state save and the attempt's end.
    package var lease: LeaseToken
}

/// Proof of a worker's hold on a job's attempt: the store refuses a
/// heartbeat, a state or an attempt's end from a worker whose lease another took over.
package struct LeaseToken: Sendable, Hashable {
    /// The job.
    package var jobID: JobID
    /// The attempt.
    package var attemptNumber: Int
    /// The worker.
    package var owner: String

    /// A token.
    package init(jobID: JobID, attemptNumber: Int, owner: String) {
        self.jobID = jobID
        self.attemptNumber = attemptNumber
        self.owner = owner
    }
}

/// What a heartbeat learned (see ``PlatformStore/renewLease(_:until:streamStats:now:)``).
package struct LeaseRenewal: Sendable, Hashable {
    /// Whether the worker still holds the job; when not, it must stop the attempt
    /// at once (another worker has taken the job over).
    package var isHeld: Bool
    /// Whether someone asked to cancel the job.
    package var cancelRequested: Bool

    /// A renewal.
    package init(isHeld: Bool, cancelRequested: Bool) {
        self.isHeld = isHeld
        self.cancelRequested = cancelRequested
    }
}

/// How an attempt ended (see ``PlatformStore/finishAttempt(_:outcome:streamStats:now:)``).
package enum AttemptOutcome: Sendable, Hashable {
    /// It succeeded: the job succeeds.
    case succeeded
    /// It failed; the job gets another attempt at `retryAt`, or fails when `nil`.
    case failed(FailureReason, retryAt: Date?)
    /// It was cancelled: the job is cancelled.
    case cancelled(FailureReason)
    /// The platform stopped it (a graceful shutdown of its server), not the sync:
    /// the attempt is recorded as failed with `reason`, and the job waits for its
    /// next attempt, due at once, without this one counting against its
    /// `maxAttempts` (the job's budget grows by one). Cancelled instead when a
    /// cancel was asked for.
    case interrupted(FailureReason)
}
