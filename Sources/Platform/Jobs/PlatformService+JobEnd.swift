import Foundation
import Logging
import PlatformStore

extension PlatformService {
    /// What follows a job's end: a connection whose jobs failed `threshold`
    /// times in a row is disabled; the notification sink hears of successes,
    /// failures and the disabling.
    func afterJob(_ job: Job) async {
        guard job.status == .succeeded || job.status == .failed else { return }
        do {
            guard var connection = try await store.connection(job.connectionID),
                let workspace = try await store.workspace(connection.workspaceID),
                let source = try await store.source(connection.sourceID),
                let destination = try await store.destination(connection.destinationID)
            else { return }
            let summary = JobSummary(
                workspace: workspace, connection: connection, source: source, destination: destination,
                job: job, attempts: try await store.attempts(of: job.id),
                settings: connection.notifications ?? workspace.notifications)
            if job.status == .succeeded {
                await notifications.notify(.jobSucceeded(summary))
                return
            }
            await notifications.notify(.jobFailed(summary))
            let threshold = connection.failureThreshold ?? workspace.failureThreshold ?? configuration.failureThreshold
            let failures = try await failuresInARow(connection.id, limit: threshold)
            guard failures >= threshold, connection.status == .active else { return }
            connection.status = .inactive
            connection.statusReason = "disabled after \(failures) failed jobs in a row"
            connection.updatedAt = now
            try await store.updateConnection(connection)
            connectionObservers.notify()
            logger.warning(
                "disabled a connection after repeated failures",
                metadata: ["connection": "\(connection.id)", "failures": "\(failures)"])
            var disabled = summary
            disabled.connection = connection
            await notifications.notify(.connectionDisabled(disabled, failures: failures))
        } catch {
            logger.error("after the end of job \(job.id)", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// How many of the connection's latest ended jobs failed, newest first, up to
    /// the first success (cancelled jobs are neither).
    func failuresInARow(_ connection: ConnectionID, limit: Int) async throws -> Int {
        let recent = try await store.jobs(
            JobFilter(connections: [connection], statuses: [.failed, .succeeded]),
            page: Page(limit: max(1, limit)))
        return recent.prefix { $0.status == .failed }.count
    }
}
