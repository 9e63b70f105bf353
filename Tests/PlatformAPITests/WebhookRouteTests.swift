import AirbyteProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// `notifications/try_webhook` posts a test message to a real local receiver.
@Suite struct WebhookRouteTests {
    /// Bodies a receiver got.
    final class Received: Sendable {
        let bodies = LockedBox<[String]>([])
    }

    @Test func tryWebhookPostsATestMessageAndSaysHowItWent() async throws {
        let received = Received()
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            var request = request
            let body = try await request.collectBody(upTo: 1 << 20)
            received.bodies.update { $0.append(String(buffer: body)) }
            return .ok
        }
        router.post("broken") { _, _ -> HTTPResponse.Status in .badRequest }
        var logger = Logger(label: "webhook-receiver")
        logger.logLevel = .warning
        let receiver = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            logger: logger)
        try await receiver.test(.live) { live in
            let port = try #require(live.port)
            try await APIHarness().test { client in
                let ok = try await client.post(
                    "/api/v1/notifications/try_webhook",
                    [
                        "notificationTrigger": "sync_failure", "slackConfiguration": ["webhook": .string("http://127.0.0.1:\(port)/hook")],
                    ])
                #expect(ok.status == 200, "\(ok.text)")
                #expect(ok["status"] == "succeeded")
                let broken = try await client.post(
                    "/api/v1/notifications/try_webhook",
                    [
                        "slackConfiguration": ["webhook": .string("http://127.0.0.1:\(port)/broken")]
                    ])
                #expect(broken["status"] == "failed")
                #expect(broken["message"]?.stringValue?.contains("400") == true, "\(broken.text)")
                let invalid = try await client.post("/api/v1/notifications/try_webhook", ["slackConfiguration": ["webhook": "not a url"]])
                #expect(invalid["status"] == "failed")
                expectProblem(try await client.post("/api/v1/notifications/try_webhook", [:]), status: 400, title: "bad-request")
            }
        }
        let bodies = received.bodies.value
        #expect(bodies.count == 1)
        let message = try JSONValue(parsing: try #require(bodies.first))
        #expect(message["text"]?.stringValue?.isEmpty == false, "\(bodies)")
    }
}
