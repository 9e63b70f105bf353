import Foundation
package import Logging
package import Notifications
package import Platform
import PlatformStore
import Synchronization

/// Delivers the platform's events to the webhooks their settings name (the
/// connection's own, else its workspace's): a failed job as `sync_failure`, a
/// succeeded one as `sync_success` (off unless turned on), a disabled
/// connection as `sync_disabled`. The body is Slack's `text` plus Airbyte's
/// summary under `data` (see ``WebhookPayload``).
///
/// Delivery, with its retries, runs in a task of its own, so the worker that
/// ended the job goes on at once; a delivery that fails after its retries is
/// logged (the URL redacted), never thrown at the job. A stopping server calls
/// ``finishDeliveries(within:)`` so that deliveries still retrying are
/// completed, not dropped with the process.
package struct WebhookNotificationSink: NotificationSink {
    let notifier: WebhookNotifier
    let logger: Logger
    /// The server's public address (`http://host:port`), for links to pages in
    /// the messages; asked at each message, since the port is known only once
    /// the server listens (`--port 0`).
    let baseURL: @Sendable () -> String?
    /// The deliveries still under way.
    let pending = PendingDeliveries()

    package init(notifier: WebhookNotifier, baseURL: String? = nil, logger: Logger) {
        self.init(notifier: notifier, logger: logger, baseURL: { baseURL })
    }

    package init(notifier: WebhookNotifier, logger: Logger, baseURL: @escaping @Sendable () -> String?) {
        self.notifier = notifier
        self.baseURL = baseURL
        self.logger = logger
    }

    package func notify(_ event: PlatformEvent) async {
        let (kind, summary, failures): (NotificationEvent, JobSummary, Int?) =
            switch event {
            case .jobSucceeded(let summary): (.syncSuccess, summary, nil)
            case .jobFailed(let summary): (.syncFailure, summary, nil)
            case .connectionDisabled(let summary, let failures): (.syncDisabled, summary, failures)
            }
        guard let url = Self.settings(summary.settings).destination(for: kind) else { return }
        let payload = eventSummary(summary, consecutiveFailures: failures)
        let notifier = self.notifier
        let logger = self.logger
        let job = summary.job.id
        pending.start {
            do {
                try await notifier.notify(kind, payload, to: url)
            } catch {
                logger.warning(
                    "a notification was not delivered",
                    metadata: [
                        "event": "\(kind.rawValue)", "job": "\(job)", "error": "\(error)",
                        "stopping": "\(Task.isCancelled)",
                    ])
            }
        }
    }

    /// Waits for the deliveries under way (their retries and backoff included)
    /// for at most `timeout`; those still unfinished then are given up, each
    /// logged as not delivered with its event and job. The server calls it as
    /// it stops, after its workers ended their jobs.
    package func finishDeliveries(within timeout: Duration) async {
        let tasks = pending.all
        guard !tasks.isEmpty else { return }
        logger.info("delivering the pending notifications before stopping", metadata: ["count": "\(tasks.count)"])
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for task in tasks { await task.value }
            }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            for task in tasks { task.cancel() }
            group.cancelAll()
        }
    }

    /// The store's `NotificationsConfig` as the notifier's settings: webhooks only.
    static func settings(_ settings: NotificationSettings) -> WebhookSettings {
        func item(_ item: NotificationSettings.Item) -> WebhookSettings.Item {
            WebhookSettings.Item(enabled: item.webhookEnabled, url: item.webhookURL)
        }
        return WebhookSettings(
            failure: item(settings.failure), success: item(settings.success), syncDisabled: item(settings.syncDisabled))
    }

    /// Airbyte's `SyncSummary` of a job: its last attempt's counts, its last failure.
    func eventSummary(_ summary: JobSummary, consecutiveFailures: Int?) -> SyncEventSummary {
        let baseURL = self.baseURL()
        func link(_ path: String) -> String? { baseURL.map { "\($0)\(path)" } }
        let totals = summary.totals
        let failure = summary.failure
        return SyncEventSummary(
            workspace: .init(id: summary.workspace.id.uuid, name: summary.workspace.name),
            connection: .init(
                id: summary.connection.id.uuid, name: summary.connection.name,
                url: link("/connections/\(summary.connection.id)")),
            source: .init(id: summary.source.id.uuid, name: summary.source.name, url: link("/sources/\(summary.source.id)")),
            destination: .init(
                id: summary.destination.id.uuid, name: summary.destination.name,
                url: link("/destinations/\(summary.destination.id)")),
            jobId: summary.job.id.rawValue, success: summary.job.status == .succeeded,
            startedAt: summary.job.startedAt ?? summary.job.createdAt, finishedAt: summary.job.endedAt ?? summary.job.updatedAt,
            recordsEmitted: totals.recordsEmitted, recordsCommitted: totals.recordsCommitted,
            bytesEmitted: totals.bytesEmitted, bytesCommitted: totals.bytesCommitted,
            errorMessage: failure?.message, errorType: failure.map { FailureType(rawValue: $0.type.rawValue) },
            errorOrigin: failure.map { FailureOrigin(rawValue: $0.origin.rawValue) },
            consecutiveFailures: consecutiveFailures)
    }
}

/// The delivery tasks of a ``WebhookNotificationSink`` that have not ended.
final class PendingDeliveries: Sendable {
    private struct State {
        var next = 0
        var tasks: [Int: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// Runs `operation` in a task of its own, kept until it ends.
    func start(_ operation: @escaping @Sendable () async -> Void) {
        state.withLock { state in
            let id = state.next
            state.next += 1
            state.tasks[id] = Task {
                await operation()
                self.state.withLock { _ = $0.tasks.removeValue(forKey: id) }
            }
        }
    }

    /// The tasks under way now.
    var all: [Task<Void, Never>] { state.withLock { Array($0.tasks.values) } }
}
