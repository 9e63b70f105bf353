package import Foundation

/// One try at running a job: its own log file, counts and, when it failed, why.
package struct Attempt: Sendable, Hashable {
    /// How an attempt ended, or that it has not: Airbyte's `AttemptStatus`.
    package enum Status: String, Sendable, Hashable, Codable, CaseIterable {
        case running, failed, succeeded
    }

    /// The job.
    package var jobID: JobID
    /// Its number within the job, from 0 (Airbyte's `attemptNumber`).
    package var number: Int
    /// Where it is.
    package var status: Status
    /// The worker that ran it (``Lease/owner``).
    package var worker: String
    /// Its log file: the source's and destination's logs and the platform's
    /// own lines, secrets masked. Relative paths are under the server's state folder.
    package var logPath: String?
    /// Records and bytes per stream, emitted by the source and committed by the destination.
    package var streamStats: [StreamStats]
    /// Why it failed; `nil` while it runs or when it succeeded.
    package var failure: FailureReason?
    /// When it started.
    package var createdAt: Date
    /// When it last changed (its counts are refreshed while it runs).
    package var updatedAt: Date
    /// When it ended.
    package var endedAt: Date?

    /// An attempt.
    package init(
        jobID: JobID, number: Int, status: Status, worker: String, logPath: String?,
        streamStats: [StreamStats] = [], failure: FailureReason? = nil, createdAt: Date,
        updatedAt: Date? = nil, endedAt: Date? = nil
    ) {
        self.jobID = jobID
        self.number = number
        self.status = status
        self.worker = worker
        self.logPath = logPath
        self.streamStats = streamStats
        self.failure = failure
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
        self.endedAt = endedAt?.wholeMilliseconds
    }

    /// Every stream's counts added up.
    package var totals: StreamStats { StreamStats.total(of: streamStats) }
}
