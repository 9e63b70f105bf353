import AsyncHTTPClient
import Foundation
import Logging
import Notifications
import SwiftbyteTestSupport
import Synchronization
import Testing

/// The waits the notifier asked for, without waiting.
final class RecordedBackoff: Sendable {
    private let delays = Mutex<[Duration]>([])
    var recorded: [Duration] { delays.withLock { $0 } }
    func record(_ delay: Duration) { delays.withLock { $0.append(delay) } }
    var backoff: @Sendable (Duration) async throws -> Void {
        { [self] delay in record(delay) }
    }
}

let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

/// Airbyte's own NotificationTest summary: a failed sync of an hour.
let failedSync = SyncEventSummary(
    workspace: .init(id: UUID(uuidString: "b510e39b-e9e2-4833-9a3a-963e51d35fb4")!, name: "Workspace1", url: "https://link/to/ws"),
    connection: .init(id: UUID(uuidString: "64d901a1-2520-4d91-93c8-9df438668ff0")!, name: "Connection", url: "https://link/to/connection"),
    source: .init(id: UUID(uuidString: "c0655b08-1511-4e72-b7da-24c5d54de532")!, name: "Source", url: "https://link/to/source"),
    destination: .init(
        id: UUID(uuidString: "5621c38f-8048-4abb-85ca-b34ff8d9a298")!, name: "Destination", url: "https://link/to/destination"),
    jobId: 9988, success: false,
    startedAt: Date(timeIntervalSince1970: 1_704_067_200), finishedAt: Date(timeIntervalSince1970: 1_704_070_800),
    recordsEmitted: 89, recordsCommitted: 45, bytesEmitted: 1000, bytesCommitted: 90,
    errorMessage: "Something failed", errorType: .configError, errorOrigin: .destination)

// A guard against a hang, not a speed check: on a loaded two-core machine
// the whole suite's tests share two threads.
@Suite(.timeLimit(.minutes(10)))
struct WebhookNotifierTests {

    func notifier(
        _ backoff: RecordedBackoff = RecordedBackoff(), attempts: Int = 4,
        timeout: Duration = .seconds(5)
    ) -> WebhookNotifier {
        WebhookNotifier(
            retryPolicy: WebhookRetryPolicy(maximumAttempts: attempts, timeout: timeout),
            logger: logger, backoff: backoff.backoff)
    }

    @Test func aFailurePostsSlackTextAndAirbytesSummary() async throws {
        let receiver = try await WebhookReceiver()
        defer { Task { try await receiver.close() } }
        let settings = WebhookSettings(url: receiver.url)
        let delivery = try await notifier().notify(.syncFailure, failedSync, settings: settings)
        #expect(delivery == WebhookDelivery(attempts: 1, status: 200))

        let request = try #require(receiver.requests.first)
        #expect(receiver.requests.count == 1)
        #expect(request.method == "POST")
        #expect(request.uri == "/services/T0000/B0000/s3cr3t-token")
        #expect(request.header("Content-Type") == "application/json")
        let json = try #require(request.json)
        #expect(json["event"] as? String == "sync_failure")
        #expect(
            json["text"] as? String == """
                Sync failed: Connection (Source → Destination), job 9988.
                Error (config_error from destination): Something failed
                https://link/to/connection
                """)
        #expect((json["blocks"] as? [Any])?.isEmpty == false)
        // `data` is exactly what Airbyte's NotificationTest expects for this summary.
        let expected =
            try JSONSerialization.jsonObject(
                with: Data(
                    """
                    {"workspace": {"id":"b510e39b-e9e2-4833-9a3a-963e51d35fb4","name":"Workspace1","url":"https://link/to/ws"},
                     "connection":{"id":"64d901a1-2520-4d91-93c8-9df438668ff0","name":"Connection","url":"https://link/to/connection"},
                     "source":{"id":"c0655b08-1511-4e72-b7da-24c5d54de532","name":"Source","url":"https://link/to/source"},
                     "destination":{"id":"5621c38f-8048-4abb-85ca-b34ff8d9a298","name":"Destination","url":"https://link/to/destination"},
                     "jobId":9988, "startedAt":"2024-01-01T00:00:00Z", "finishedAt":"2024-01-01T01:00:00Z",
                     "bytesEmitted":1000, "bytesCommitted":90, "recordsEmitted":89, "recordsFilteredOut":0, "bytesFilteredOut":0,
                     "recordsCommitted":45, "errorMessage":"Something failed", "errorType":"config_error", "errorOrigin":"destination",
                     "bytesEmittedFormatted": "1000 B", "bytesCommittedFormatted":"90 B", "success":false,
                     "durationInSeconds":3600, "durationFormatted":"1 hours 0 min"}
                    """.utf8)) as? NSDictionary
        #expect(json["data"] as? NSDictionary == expected)
    }

    @Test func aSuccessCarriesNullsWhereAirbyteHasThem() async throws {
        var summary = failedSync
        summary.success = true
        summary.errorMessage = nil
        summary.errorType = nil
        summary.errorOrigin = nil
        summary.startedAt = nil
        let body = WebhookPayload.notification(.syncSuccess, summary).body(for: "https://example.com/hook")
        let data = try #require((try JSONSerialization.jsonObject(with: body) as? [String: Any])?["data"] as? [String: Any])
        for key in ["errorMessage", "errorType", "errorOrigin", "startedAt", "durationInSeconds", "durationFormatted"] {
            #expect(data[key] is NSNull, "\(key) should be null")
        }
        #expect(data["success"] as? Bool == true)
        #expect(data["consecutiveFailures"] == nil)
    }

    @Test func aServerErrorIsRetriedWithGrowingWaits() async throws {
        let receiver = try await WebhookReceiver([.status(500, body: "oops"), .status(503)])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let delivery = try await notifier(backoff).deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        #expect(delivery.attempts == 3)
        #expect(backoff.recorded == [.seconds(2), .seconds(6)])
        let bodies = receiver.requests.map(\.body)
        #expect(bodies.count == 3 && Set(bodies).count == 1)
    }

    // The receiver answers late by far more than the client's timeout: on a
    // starved machine both timers can fire late, and a 3 s answer once won
    // the race against a 300 ms timeout.
    @Test func aTimeoutIsRetried() async throws {
        let receiver = try await WebhookReceiver([.late(seconds: 120, 200)])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let delivery = try await notifier(backoff, timeout: .milliseconds(300))
            .deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        #expect(delivery.attempts == 2)
        #expect(backoff.recorded == [.seconds(2)])
        #expect(receiver.requests.count == 2)
    }

    @Test func aReceiverThatNeverAnswersInTimeIsATimeout() async throws {
        let receiver = try await WebhookReceiver([.late(seconds: 120, 200), .late(seconds: 120, 200)])
        defer { Task { try await receiver.close() } }
        let error = await #expect(throws: NotificationError.self) {
            try await notifier(attempts: 2, timeout: .milliseconds(200)).deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        }
        #expect(error?.code == .timeout)
        #expect(error?.attempts == 2)
        #expect(receiver.requests.count == 2)
    }

    @Test func afterTheLastAttemptTheErrorSaysWhatHappenedWithoutTheSecret() async throws {
        let receiver = try await WebhookReceiver([
            .status(500, body: "boom"), .status(500, body: "boom"), .status(502, body: "bad gateway"),
        ])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let error = await #expect(throws: NotificationError.self) {
            try await notifier(backoff, attempts: 3).deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        }
        #expect(error?.code == .httpStatus)
        #expect(error?.status == 502)
        #expect(error?.attempts == 3)
        #expect(error?.description == "webhook http://127.0.0.1:\(receiver.port)/… answered HTTP 502 after 3 attempts: bad gateway")
        #expect(error.map { !"\($0)".contains("s3cr3t") && !String(reflecting: $0).contains("s3cr3t") } == true)
        #expect(backoff.recorded == [.seconds(2), .seconds(6)])
    }

    @Test func aRefusingReceiverIsNotRetried() async throws {
        let receiver = try await WebhookReceiver([.status(404, body: "no_service")])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let error = await #expect(throws: NotificationError.self) {
            try await notifier(backoff).deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        }
        #expect(error?.attempts == 1)
        #expect(error?.responseBody == "no_service")
        #expect(backoff.recorded.isEmpty)
    }

    @Test func retryAfterIsHonoured() async throws {
        let receiver = try await WebhookReceiver([.status(429, headers: [("Retry-After", "30")])])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let delivery = try await notifier(backoff).deliver(.notification(.syncFailure, failedSync), to: receiver.url)
        #expect(delivery.attempts == 2)
        #expect(backoff.recorded == [.seconds(30)])
    }

    @Test func anUnreachableReceiverIsRetriedThenReported() async throws {
        let receiver = try await WebhookReceiver()
        let url = receiver.url
        try await receiver.close()  // nothing listens on that port now
        let backoff = RecordedBackoff()
        let error = await #expect(throws: NotificationError.self) {
            // The client keeps trying to connect until the timeout, then reports the refusal.
            try await notifier(backoff, attempts: 2, timeout: .milliseconds(500))
                .deliver(.notification(.syncFailure, failedSync), to: url)
        }
        #expect(error?.code == .connectionFailed)
        #expect(error?.description == "webhook http://127.0.0.1:\(URLComponents(string: url)!.port!)/… could not be reached (2 attempts)")
        #expect(error?.attempts == 2)
        #expect(error?.underlying != nil)
    }

    @Test func settingsDecideWhatIsSentAndWhere() async throws {
        let workspace = try await WebhookReceiver()
        let team = try await WebhookReceiver()
        defer {
            Task {
                try await workspace.close()
                try await team.close()
            }
        }
        let settings = WebhookSettings(url: workspace.url)  // failures and disabled connections, not successes
        var success = failedSync
        success.success = true

        #expect(try await notifier().notify(.syncSuccess, success, settings: settings) == nil)
        #expect(try await notifier().notify(.syncFailure, failedSync, settings: settings)?.attempts == 1)
        #expect(try await notifier().notify(.syncDisabled, failedSync, settings: settings)?.attempts == 1)
        // A connection that wants its successes too, in its team's channel.
        let teamSettings = settings.overridden(by: .all(to: team.url, includingSuccess: true))
        #expect(try await notifier().notify(.syncSuccess, success, settings: teamSettings)?.attempts == 1)
        #expect(try await notifier().notify(.syncFailure, failedSync, settings: teamSettings)?.attempts == 1)
        // A connection that only changes where its failures go; the rest stays the workspace's.
        let failuresElsewhere = settings.overridden(by: WebhookOverride(failure: .init(enabled: true, url: team.url)))
        #expect(failuresElsewhere.destination(for: .syncFailure) == team.url)
        #expect(failuresElsewhere.destination(for: .syncDisabled) == workspace.url)
        #expect(failuresElsewhere.destination(for: .syncSuccess) == nil)
        // A connection that turned webhooks off.
        #expect(try await notifier().notify(.syncFailure, failedSync, settings: settings.overridden(by: .silent)) == nil)
        // An enabled item without a URL sends nothing.
        #expect(WebhookSettings(url: "").destination(for: .syncFailure) == nil)

        #expect(workspace.requests.compactMap { $0.json?["event"] as? String } == ["sync_failure", "sync_disabled"])
        #expect(team.requests.compactMap { $0.json?["event"] as? String } == ["sync_success", "sync_failure"])
    }

    @Test func sendTestTriesOnce() async throws {
        let receiver = try await WebhookReceiver([.status(200), .status(500)])
        defer { Task { try await receiver.close() } }
        let backoff = RecordedBackoff()
        let delivery = try await notifier(backoff).sendTest(to: receiver.url, for: .syncFailure)
        #expect(delivery.attempts == 1)
        let json = try #require(receiver.requests.first?.json)
        #expect(json["text"] as? String == "Hello World! This is a test from Swiftbyte to try the webhook for sync failures.")
        #expect(json["event"] as? String == "test")
        #expect(json["data"] == nil)
        await #expect(throws: NotificationError.self) { try await notifier(backoff).sendTest(to: receiver.url) }
        #expect(receiver.requests.count == 2)
        #expect(backoff.recorded.isEmpty)
    }

    @Test func notAnHTTPURL() async {
        for url in ["ftp://example.com/hook", "not a url", "https://"] {
            let error = await #expect(throws: NotificationError.self) { try await notifier().sendTest(to: url) }
            #expect(error?.code == .invalidURL)
            #expect(error?.attempts == 0)
        }
    }
}

@Suite struct WebhookPayloadTests {
    @Test func theDisabledMessageSaysWhy() throws {
        var summary = failedSync
        summary.consecutiveFailures = 3
        let payload = WebhookPayload.notification(.syncDisabled, summary)
        #expect(
            payload.text == """
                Connection disabled: Connection (Source → Destination) was disabled after 3 failed syncs in a row.
                Last error: Something failed
                https://link/to/connection
                """)
        let json = try #require(try JSONSerialization.jsonObject(with: payload.body(for: "https://x.test/h")) as? [String: Any])
        #expect((json["data"] as? [String: Any])?["consecutiveFailures"] as? Int == 3)
    }

    @Test func theSuccessMessageCounts() {
        var summary = failedSync
        summary.success = true
        summary.recordsCommitted = 1234
        summary.bytesCommitted = 9000
        #expect(
            WebhookPayload.notification(.syncSuccess, summary).text == """
                Sync succeeded: Connection (Source → Destination), job 9988: 1234 records (8 kB) loaded in 1 hours 0 min.
                https://link/to/connection
                """)
    }

    /// Names are text, never markup: Slack's `<`, `>` and `&` are escaped in
    /// `text` and `blocks`, and `data` keeps them as they are.
    @Test func namesAreEscapedForSlack() throws {
        var summary = failedSync
        summary.connection.name = "<script>alert(1)</script> & <!channel>"
        summary.connection.url = nil
        let payload = WebhookPayload.notification(.syncFailure, summary)
        let body = String(decoding: payload.body(for: "https://hooks.slack.com/services/x"), as: UTF8.self)
        #expect(payload.text.hasPrefix("Sync failed: &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;!channel&gt; (Source"))
        #expect(!body.replacingOccurrences(of: #"\/"#, with: "/").contains("<script>alert(1)</script> & <!channel> (Source"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        #expect(
            ((json["data"] as? [String: Any])?["connection"] as? [String: Any])?["name"] as? String
                == "<script>alert(1)</script> & <!channel>")
    }

    @Test func googleChatGetsTextOnly() throws {
        let body = WebhookPayload.notification(.syncFailure, failedSync).body(
            for: "https://chat.googleapis.com/v1/spaces/AAA/messages?key=k")
        let json = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        #expect(Set(json.keys) == ["text"])
    }

    @Test func airbytesFormatting() {
        #expect(SyncEventSummary.formatVolume(1000) == "1000 B")
        #expect(SyncEventSummary.formatVolume(9000) == "8 kB")
        #expect(SyncEventSummary.formatVolume(5 * 1024 * 1024 + 1) == "5 MB")
        #expect(SyncEventSummary.formatVolume(3 * 1024 * 1024 * 1024 * 1024) == "3 TB")
        func duration(_ seconds: TimeInterval) -> String? {
            var summary = failedSync
            summary.finishedAt = summary.startedAt?.addingTimeInterval(seconds)
            return summary.durationFormatted
        }
        #expect(duration(42) == "42 sec")
        #expect(duration(185) == "3 min 5 sec")
        #expect(duration(70_000) == "19 hours 26 min")
        #expect(duration(2 * 86_400 + 3 * 3600) == "2 days 3 hours")
    }

    @Test func retryWaitsGrowToTheCap() {
        let policy = WebhookRetryPolicy(maximumAttempts: 10, initialDelay: .seconds(2), multiplier: 3, maximumDelay: .seconds(60))
        #expect((1...5).map(policy.delay(after:)) == [.seconds(2), .seconds(6), .seconds(18), .seconds(54), .seconds(60)])
    }
}
