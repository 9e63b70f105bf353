import Foundation
import Logging
import Notifications
import PlatformServer
import PlatformStore
import PlatformTestSupport
import SwiftbyteTestSupport
import Testing

@testable import Platform

/// Notifications end to end: the worker pool ends jobs, the server's webhook
/// sink posts them to a real HTTP listener, with the workspace's settings and
/// a connection's override.
@Suite("Webhook notifications")
struct WebhookNotificationTests {
    @Test(
        "A failing source: retries with backoff, failure webhooks, then the connection disabled and its webhook",
        arguments: [StoreKind.sqlite])
    func failureThenDisabled(kind: StoreKind) async throws {
        let receiver = try await WebhookReceiver()
        let sink = WebhookNotificationSink(
            notifier: WebhookNotifier(logger: PlatformHarness.logger), baseURL: "http://127.0.0.1:8000",
            logger: PlatformHarness.logger)
        let workspaceHook = "http://127.0.0.1:\(receiver.port)/workspace-hook"
        let connectionHook = "http://127.0.0.1:\(receiver.port)/connection-hook"
        try await PlatformHarness.with(kind, notifications: sink) { harness in
            let service = harness.service
            _ = try await service.updateWorkspace(
                notifications: NotificationSettings(
                    failure: .init(webhookEnabled: true, webhookURL: workspaceHook),
                    success: .init(webhookEnabled: false, webhookURL: workspaceHook),
                    syncDisabled: .init(webhookEnabled: true, webhookURL: workspaceHook)))
            let policy = RetryPolicy(maxAttempts: 3, initialBackoffSeconds: 0.3, backoffMultiplier: 2, maxBackoffSeconds: 60)
            let failing = try await JobRunnerTests.connection(harness, mode: "fail", retryPolicy: policy, failureThreshold: 2)

            let first = try await service.triggerJob(failing.id).job
            #expect(try await harness.wait(for: first.id).status == .failed)
            try await harness.wait("the failure is posted") { receiver.requests.count >= 1 }
            let attempts = try await service.store.attempts(of: first.id)
            #expect(attempts.count == 3, "the job was retried before it failed")
            for (index, (previous, next)) in zip(attempts, attempts.dropFirst()).enumerated() {
                let waited = next.createdAt.timeIntervalSince(try #require(previous.endedAt))
                #expect(waited >= policy.backoff(afterFailedAttempts: index + 1).timeInterval - 0.01)
            }
            let failure = try #require(receiver.requests.first)
            #expect(failure.method == "POST" && failure.uri == "/workspace-hook")
            #expect(failure.header("Content-Type") == "application/json")
            let body = try #require(failure.json)
            #expect(body["event"] as? String == "sync_failure")
            let text = try #require(body["text"] as? String)
            #expect(text.hasPrefix("Sync failed: ") && text.contains("job \(first.id)") && text.contains("the API answered 500"))
            #expect(text.contains("http://127.0.0.1:8000/connections/\(failing.id)"))
            let data = try #require(body["data"] as? [String: Any])
            #expect((data["jobId"] as? NSNumber)?.int64Value == first.id.rawValue)
            #expect(data["success"] as? Bool == false)
            #expect(data["errorOrigin"] as? String == "source" && data["errorType"] as? String == "system_error")
            #expect((data["errorMessage"] as? String)?.contains("the API answered 500") == true)
            #expect((data["recordsEmitted"] as? NSNumber)?.int64Value == attempts.last?.totals.recordsEmitted)
            #expect((data["connection"] as? [String: Any])?["id"] as? String == failing.id.description)
            #expect((data["source"] as? [String: Any])?["name"] as? String == "script")
            #expect((data["destination"] as? [String: Any])?["name"] as? String == "warehouse")
            #expect(data["durationInSeconds"] is NSNumber)
            let raw = String(decoding: failure.body, as: UTF8.self)
            #expect(!raw.contains("hunter2-secret"), "a secret never reaches a webhook")
            #expect(try await service.store.connection(failing.id)?.status == .active)

            let second = try await service.triggerJob(failing.id).job
            #expect(try await harness.wait(for: second.id).status == .failed)
            try await harness.wait("the second failure and the disabling are posted") { receiver.requests.count >= 3 }
            let events = receiver.requests.compactMap { $0.json?["event"] as? String }
            #expect(events == ["sync_failure", "sync_failure", "sync_disabled"])
            #expect(try await service.store.connection(failing.id)?.status == .inactive)
            let disabled = try #require(receiver.requests.last?.json)
            #expect((disabled["text"] as? String)?.contains("was disabled after 2 failed syncs in a row") == true)
            let disabledData = try #require(disabled["data"] as? [String: Any])
            #expect((disabledData["consecutiveFailures"] as? NSNumber)?.intValue == 2)
            #expect((disabledData["jobId"] as? NSNumber)?.int64Value == second.id.rawValue)

            // A connection's own settings replace the workspace's: its successes go to its hook.
            let working = try await JobRunnerTests.connection(harness, mode: "ok")
            _ = try await service.updateConnection(
                working.id,
                settings: ConnectionSettings(
                    notifications: .some(
                        NotificationSettings(success: .init(webhookEnabled: true, webhookURL: connectionHook)))))
            let succeeded = try await service.triggerJob(working.id).job
            #expect(try await harness.wait(for: succeeded.id).status == .succeeded)
            try await harness.wait("the success is posted") { receiver.requests.count >= 4 }
            let success = try #require(receiver.requests.last)
            #expect(success.uri == "/connection-hook")
            #expect(success.json?["event"] as? String == "sync_success")
            let successData = try #require(success.json?["data"] as? [String: Any])
            #expect((successData["recordsCommitted"] as? NSNumber)?.int64Value == 3)
            #expect(successData["success"] as? Bool == true)

            // Without an override, a success is not sent: the workspace sends failures only.
            _ = try await service.updateConnection(working.id, settings: ConnectionSettings(notifications: .some(nil)))
            let quiet = try await service.triggerJob(working.id).job
            #expect(try await harness.wait(for: quiet.id).status == .succeeded)
            try await Task.sleep(for: .milliseconds(500))
            #expect(receiver.requests.count == 4, "no success webhook unless asked for")
        }
        try await receiver.close()
    }

    @Test("A receiver that fails at first gets the notification on a later attempt")
    func deliveryIsRetried() async throws {
        let receiver = try await WebhookReceiver([.status(503, body: "busy"), .status(502)])
        let notifier = WebhookNotifier(
            retryPolicy: WebhookRetryPolicy(initialDelay: .milliseconds(50)), logger: PlatformHarness.logger)
        let sink = WebhookNotificationSink(notifier: notifier, logger: PlatformHarness.logger)
        try await PlatformHarness.with(.sqlite, notifications: sink) { harness in
            _ = try await harness.service.updateWorkspace(
                notifications: NotificationSettings(failure: .init(webhookEnabled: true, webhookURL: receiver.url)))
            let connection = try await JobRunnerTests.connection(
                harness, mode: "config-error", failureThreshold: 5)
            let job = try await harness.service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: job.id).status == .failed)
            try await harness.wait("the third delivery attempt") { receiver.requests.count >= 3 }
            #expect(receiver.requests.map { $0.json?["event"] as? String } == ["sync_failure", "sync_failure", "sync_failure"])
        }
        try await receiver.close()
    }

    @Test(
        "A stopping server finishes the deliveries still retrying, and gives up on the rest after its time, logging them")
    func pendingDeliveriesAreFinished() async throws {
        // Retries 1 s after the first failure, then an hour after the second.
        let notifier = WebhookNotifier(
            retryPolicy: WebhookRetryPolicy(initialDelay: .seconds(1), multiplier: 3600, maximumDelay: .seconds(7200)),
            logger: PlatformHarness.logger)
        let sink = WebhookNotificationSink(notifier: notifier, logger: PlatformHarness.logger)
        let receiver = try await WebhookReceiver([.status(503, body: "busy")])
        let slowReceiver = try await WebhookReceiver([.status(503), .status(503)])
        try await PlatformHarness.with(.sqlite, notifications: sink) { harness in
            for url in [receiver.url, slowReceiver.url] {
                let connection = try await JobRunnerTests.connection(harness, mode: "config-error", failureThreshold: 5)
                _ = try await harness.service.updateConnection(
                    connection.id,
                    settings: ConnectionSettings(notifications: NotificationSettings(failure: .init(webhookEnabled: true, webhookURL: url)))
                )
                let job = try await harness.service.triggerJob(connection.id).job
                #expect(try await harness.wait(for: job.id).status == .failed)
            }
            try await harness.wait("the first delivery attempts") { !receiver.requests.isEmpty && !slowReceiver.requests.isEmpty }
        }
        // Both deliveries wait for a retry now: one is delivered a second later; the other would wait an hour.
        let started = ContinuousClock.now
        await sink.finishDeliveries(within: .seconds(60))
        #expect(receiver.requests.count == 2, "delivered on its second attempt before finishDeliveries returned")
        #expect(ContinuousClock.now - started < .seconds(300), "the hour-long backoff was given up")
        #expect(slowReceiver.requests.count == 2)
        try await receiver.close()
        try await slowReceiver.close()
    }
}
