import AirbyteProtocol
package import Foundation

/// The job queue's state changes as pure functions: each backend locks and
/// reads the rows, calls these, and writes the result, so both behave alike.
enum JobTransitions {
    /// The job `request` creates.
    static func newJob(_ request: JobRequest, now: Date) -> Job {
        Job(
            id: JobID(0), connectionID: request.connectionID, workspaceID: request.workspaceID, type: request.type,
            status: .pending, trigger: request.trigger, scheduledFor: request.scheduledFor, streams: request.streams,
            maxAttempts: request.maxAttempts, attemptCount: 0, nextAttemptAt: nil, cancelRequested: false, lease: nil,
            createdAt: now, updatedAt: now, startedAt: nil, endedAt: nil)
    }

    /// A waiting job asked for again: due now.
    static func requestedAgain(_ job: Job, now: Date) -> Job {
        var job = job
        job.nextAttemptAt = nil
        job.updatedAt = now
        return job
    }

    /// The job and the new attempt when `worker` claims it.
    static func claimed(
        _ job: Job, worker: String, leaseDuration: Duration, now: Date,
        logPath: (JobID, Int) -> String?
    ) -> ClaimedJob {
        var job = job
        let number = job.attemptCount
        job.status = .running
        job.attemptCount += 1
        job.nextAttemptAt = nil
        job.lease = Lease(owner: worker, expiresAt: now.adding(leaseDuration))
        job.startedAt = job.startedAt ?? now
        job.updatedAt = now
        let attempt = Attempt(
            jobID: job.id, number: number, status: .running, worker: worker,
            logPath: logPath(job.id, number), createdAt: now)
        return ClaimedJob(job: job, attempt: attempt, lease: LeaseToken(jobID: job.id, attemptNumber: number, owner: worker))
    }

    /// Whether `lease` still holds `job`.
    static func holds(_ lease: LeaseToken, _ job: Job) -> Bool {
        job.status == .running && job.lease?.owner == lease.owner && job.attemptCount == lease.attemptNumber + 1
    }

    static func leaseLost(_ lease: LeaseToken) -> StoreError {
        StoreError(
            .leaseLost,
            message: """
                the worker \(lease.owner) no longer holds job \(lease.jobID) (attempt \(lease.attemptNumber)): \
                it ended, or another worker took it over
                """)
    }

    /// The job and attempt after the attempt ended with `outcome`.
    static func finished(
        _ job: Job, _ attempt: Attempt, outcome: AttemptOutcome, streamStats: [StreamStats],
        now: Date
    ) -> (Job, Attempt) {
        var job = job
        var attempt = attempt
        attempt.streamStats = streamStats
        attempt.updatedAt = now
        attempt.endedAt = now
        job.lease = nil
        job.updatedAt = now
        switch outcome {
        case .succeeded:
            attempt.status = .succeeded
            job.status = .succeeded
            job.endedAt = now
        case .cancelled(let reason):
            attempt.status = .failed
            attempt.failure = reason
            job.status = .cancelled
            job.endedAt = now
        case .failed(let reason, let retryAt):
            attempt.status = .failed
            attempt.failure = reason
            if let retryAt, job.attemptCount < job.maxAttempts, !job.cancelRequested {
                job.status = .incomplete
                job.nextAttemptAt = retryAt
            } else {
                job.status = job.cancelRequested ? .cancelled : .failed
                job.endedAt = now
            }
        case .interrupted(let reason):
            attempt.status = .failed
            attempt.failure = reason
            if job.cancelRequested {
                job.status = .cancelled
                job.endedAt = now
            } else {
                job.maxAttempts += 1
                job.status = .incomplete
                job.nextAttemptAt = now
            }
        }
        return (job, attempt)
    }

    /// The job and attempt after the worker's lease was taken away.
    static func released(_ job: Job, _ attempt: Attempt?, now: Date) -> (Job, Attempt?) {
        let worker = job.lease?.owner ?? "an unknown worker"
        let reason = FailureReason(
            origin: .airbytePlatform, type: .heartbeatTimeout,
            message: "The worker running this attempt stopped (\(worker) no longer renewed its lease); the job is retried.",
            retryable: true, timestamp: now)
        let outcome: AttemptOutcome = job.cancelRequested ? .cancelled(reason) : .failed(reason, retryAt: now)
        let (ended, endedAttempt) = finished(
            job, attempt ?? placeholderAttempt(job, now: now), outcome: outcome,
            streamStats: attempt?.streamStats ?? [], now: now)
        return (ended, attempt == nil ? nil : endedAttempt)
    }

    private static func placeholderAttempt(_ job: Job, now: Date) -> Attempt {
        Attempt(
            jobID: job.id, number: max(0, job.attemptCount - 1), status: .running, worker: job.lease?.owner ?? "",
            logPath: nil, createdAt: now)
    }

    /// A job after someone asked to cancel it.
    static func cancelRequested(_ job: Job, now: Date) -> Job {
        var job = job
        switch job.status {
        case .pending, .incomplete:
            job.status = .cancelled
            job.cancelRequested = true
            job.nextAttemptAt = nil
            job.endedAt = now
            job.updatedAt = now
        case .running:
            job.cancelRequested = true
            job.updatedAt = now
        case .failed, .succeeded, .cancelled:
            break
        }
        return job
    }

    /// `SELECT connection_id, MAX(created_at)` of the jobs of `types` (bound from `placeholders`).
    static func latestJobCreationSQL(placeholders: [String]) -> String {
        """
        SELECT connection_id, MAX(created_at) AS latest FROM jobs \
        WHERE type IN (\(placeholders.joined(separator: ", "))) GROUP BY connection_id
        """
    }

    static func latestJobCreation(_ rows: [StoreRow]) throws -> [ConnectionID: Date] {
        var latest: [ConnectionID: Date] = [:]
        for row in rows { latest[try row.identifier("connection_id")] = try row.date("latest") }
        return latest
    }

    /// The conditions of a job that waits and is due at `now`, in SQL over the alias `j`
    /// (shared by both backends' claim queries; `now` is bound at `placeholder`).
    static func dueJobCondition(now placeholder: String) -> String {
        """
        j.status IN ('pending', 'incomplete') \
        AND (j.next_attempt_at IS NULL OR j.next_attempt_at <= \(placeholder)) \
        AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.connection_id = j.connection_id AND r.status = 'running') \
        AND NOT EXISTS (SELECT 1 FROM jobs e WHERE e.connection_id = j.connection_id AND e.id < j.id \
                        AND e.status IN ('pending', 'incomplete'))
        """
    }
}

extension Date {
    /// This time plus `duration`.
    package func adding(_ duration: Duration) -> Date {
        let (seconds, attoseconds) = duration.components
        return addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }
}
