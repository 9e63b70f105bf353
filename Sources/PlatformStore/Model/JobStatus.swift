/// Where a job is: Airbyte's job statuses.
package enum JobStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for a worker.
    case pending
    /// An attempt is running.
    case running
    /// An attempt failed and another is due (at ``Job/nextAttemptAt``).
    case incomplete
    /// Every attempt failed.
    case failed
    /// An attempt succeeded.
    case succeeded
    /// Someone cancelled it.
    case cancelled

    /// Whether it is over (failed, succeeded or cancelled).
    package var isTerminal: Bool { self == .failed || self == .succeeded || self == .cancelled }
}
