public import AsyncHTTPClient
import Foundation
public import Logging
import NIOCore
import NIOHTTP1

/// Sends sync notifications to webhooks, retrying with backoff.
///
/// ```swift
/// let notifier = WebhookNotifier(logger: logger)
/// let settings = workspaceSettings.overridden(by: connectionOverride)
/// try await notifier.notify(.syncFailure, summary, settings: settings)
/// ```
public struct WebhookNotifier: Sendable {
    private let httpClient: HTTPClient
    private let retryPolicy: WebhookRetryPolicy
    private let logger: Logger
    private let backoff: @Sendable (Duration) async throws -> Void

    /// - Parameters:
    ///   - httpClient: the client to post with; the process-wide shared one by default.
    ///   - retryPolicy: attempts, timeout and waits.
    ///   - backoff: how to wait between attempts; tests pass one that records the waits.
    public init(
        httpClient: HTTPClient = .shared, retryPolicy: WebhookRetryPolicy = WebhookRetryPolicy(),
        logger: Logger, backoff: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        self.logger = logger
        self.backoff = backoff
    }

    /// Sends the notification for `event` if `settings` ask for it.
    ///
    /// - Returns: the delivery, or nil if the settings send nothing for this event.
    /// - Throws: ``NotificationError`` once every attempt failed.
    @discardableResult
    public func notify(
        _ event: NotificationEvent, _ summary: SyncEventSummary,
        settings: WebhookSettings
    ) async throws(NotificationError) -> WebhookDelivery? {
        guard let url = settings.destination(for: event) else { return nil }
        return try await deliver(.notification(event, summary), to: url)
    }

    /// Sends the notification for `event` to `url`, whatever the settings.
    @discardableResult
    public func notify(
        _ event: NotificationEvent, _ summary: SyncEventSummary,
        to url: String
    ) async throws(NotificationError) -> WebhookDelivery {
        try await deliver(.notification(event, summary), to: url)
    }

    /// Sends a test message, once, to check a URL: the "send test" button.
    public func sendTest(to url: String, for event: NotificationEvent? = nil) async throws(NotificationError) -> WebhookDelivery {
        try await deliver(.test(event), to: url, policy: .once(timeout: retryPolicy.timeout))
    }

    /// Posts `payload` to `url`, retrying as the policy says.
    public func deliver(_ payload: WebhookPayload, to url: String) async throws(NotificationError) -> WebhookDelivery {
        try await deliver(payload, to: url, policy: retryPolicy)
    }

    private func deliver(
        _ payload: WebhookPayload, to url: String,
        policy: WebhookRetryPolicy
    ) async throws(NotificationError) -> WebhookDelivery {
        guard let scheme = URLComponents(string: url)?.scheme?.lowercased(), scheme == "http" || scheme == "https",
            URLComponents(string: url)?.host?.isEmpty == false
        else { throw NotificationError(.invalidURL, url: url, attempts: 0) }
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "swiftbyte-webhook")
        request.body = .bytes(ByteBuffer(bytes: payload.body(for: url)))
        var metadata: Logger.Metadata = ["webhook": "\(NotificationError.redact(url))", "event": "\(payload.event)"]
        var attempt = 0
        while true {
            attempt += 1
            let failure: NotificationError
            var retryAfter: Duration?
            do {
                let response = try await httpClient.execute(request, timeout: .nanoseconds(policy.timeout.nanoseconds), logger: logger)
                let body = String(buffer: try await response.body.collect(upTo: 64 * 1024))
                if (200..<300).contains(response.status.code) {
                    metadata["attempts"] = "\(attempt)"
                    logger.debug("webhook delivered", metadata: metadata)
                    return WebhookDelivery(attempts: attempt, status: Int(response.status.code))
                }
                failure = NotificationError(
                    .httpStatus, url: url, attempts: attempt, status: Int(response.status.code),
                    responseBody: String(body.prefix(500)))
                retryAfter = response.headers.first(name: "Retry-After").flatMap(Int.init).map { .seconds($0) }
            } catch let error as HTTPClientError
                where error == .deadlineExceeded || error == .readTimeout
                || error == .connectTimeout
            {
                failure = NotificationError(.timeout, url: url, attempts: attempt, underlying: error)
            } catch {
                failure = NotificationError(.connectionFailed, url: url, attempts: attempt, underlying: error)
            }
            guard attempt < policy.maximumAttempts, Self.isRetryable(failure) else {
                metadata["error"] = "\(failure)"
                logger.warning("webhook not delivered", metadata: metadata)
                throw failure
            }
            let delay = min(max(retryAfter ?? .zero, policy.delay(after: attempt)), policy.maximumDelay)
            logger.info(
                "webhook attempt failed; retrying",
                metadata: metadata.merging([
                    "attempt": "\(attempt)", "error": "\(failure)", "retryInSeconds": "\(delay)",
                ]) { $1 })
            do {
                try await backoff(delay)
            } catch {
                throw failure  // cancelled while waiting: report the last failure
            }
        }
    }

    static func isRetryable(_ error: NotificationError) -> Bool {
        switch error.code {
        case .timeout, .connectionFailed: true
        case .httpStatus: error.status.map { $0 >= 500 || $0 == 408 || $0 == 429 } ?? false
        default: false
        }
    }
}

/// A webhook that was delivered.
public struct WebhookDelivery: Sendable, Hashable {
    /// How many attempts it took.
    public var attempts: Int
    /// The receiver's (2xx) status.
    public var status: Int

    public init(attempts: Int, status: Int) {
        self.attempts = attempts
        self.status = status
    }
}

extension Duration {
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
