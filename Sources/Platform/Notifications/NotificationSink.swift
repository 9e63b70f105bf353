package import Foundation
package import PlatformStore

/// Where the platform reports what users are notified of: a job that ended,
/// a connection disabled after repeated failures. The webhook sender (Slack
/// `text` plus Airbyte's JSON summary) implements it; the domain calls it after
/// the store has recorded the event, and does not wait on delivery's retries.
package protocol NotificationSink: Sendable {
    /// Handles `event`. Called once per event, from the worker that ended the job.
    func notify(_ event: PlatformEvent) async
}

/// Something a user may be notified of.
package enum PlatformEvent: Sendable {
    /// A sync (or reset, clear, refresh) succeeded.
    case jobSucceeded(JobSummary)
    /// A job failed: every attempt failed, or one failed in a way not worth retrying.
    case jobFailed(JobSummary)
    /// A connection was disabled after `failures` failed jobs in a row.
    case connectionDisabled(JobSummary, failures: Int)
}

/// What a notification says about a job: Airbyte's `SyncSummary`, plus the
/// settings that decide where it goes (the connection's, else its workspace's).
package struct JobSummary: Sendable {
    package var workspace: Workspace
    package var connection: SavedConnection
    package var source: SavedSource
    package var destination: SavedDestination
    package var job: Job
    package var attempts: [Attempt]
    /// Where notifications go: the connection's override, else the workspace's.
    package var settings: NotificationSettings

    /// Counts of the last attempt (Airbyte reports the job's latest).
    package var totals: StreamStats { attempts.last?.totals ?? StreamStats(name: "") }
    /// The last failure, if the job failed.
    package var failure: FailureReason? { attempts.last?.failure }
    /// From creation to end.
    package var duration: TimeInterval { (job.endedAt ?? job.updatedAt).timeIntervalSince(job.startedAt ?? job.createdAt) }

    package init(
        workspace: Workspace, connection: SavedConnection, source: SavedSource, destination: SavedDestination,
        job: Job, attempts: [Attempt], settings: NotificationSettings
    ) {
        self.workspace = workspace
        self.connection = connection
        self.source = source
        self.destination = destination
        self.job = job
        self.attempts = attempts
        self.settings = settings
    }
}

/// A sink that drops every event (the default until webhooks are configured).
package struct DiscardingNotificationSink: NotificationSink {
    package init() {}
    package func notify(_ event: PlatformEvent) async {}
}
