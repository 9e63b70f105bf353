import Foundation

/// A webhook that could not be delivered.
///
/// Webhook URLs carry secrets (a Slack webhook's path is its key), so
/// ``description`` names only the scheme and host.
public struct NotificationError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The URL is not an http or https URL.
        public static let invalidURL = Code(name: "invalidURL")
        /// The receiver answered with a status other than 2xx (``NotificationError/status``).
        public static let httpStatus = Code(name: "httpStatus")
        /// The receiver did not answer within the timeout.
        public static let timeout = Code(name: "timeout")
        /// The receiver could not be reached (refused, DNS, TLS, reset).
        public static let connectionFailed = Code(name: "connectionFailed")
        public var description: String { name }
    }

    /// What kind of failure the last attempt had.
    public var code: Code
    /// The URL with its path and query hidden: `https://hooks.slack.com/…`.
    public var redactedURL: String
    /// How many attempts were made.
    public var attempts: Int
    /// The last HTTP status, for ``Code/httpStatus``.
    public var status: Int?
    /// The start of the receiver's last answer, for ``Code/httpStatus`` (Slack says why there: `no_service`).
    public var responseBody: String?
    /// The error of the last attempt, for ``Code/timeout`` and ``Code/connectionFailed``.
    public var underlying: (any Error & Sendable)?

    init(
        _ code: Code, url: String, attempts: Int, status: Int? = nil, responseBody: String? = nil,
        underlying: (any Error & Sendable)? = nil
    ) {
        self.code = code
        self.redactedURL = NotificationError.redact(url)
        self.attempts = attempts
        self.status = status
        self.responseBody = responseBody
        self.underlying = underlying
    }

    /// `webhook https://hooks.slack.com/… answered HTTP 404 after 1 attempt: no_service`.
    public var description: String {
        let tries = attempts == 1 ? "1 attempt" : "\(attempts) attempts"
        switch code {
        case .invalidURL: return "webhook URL \(redactedURL) is not an http or https URL"
        case .httpStatus:
            let body = responseBody.flatMap { $0.isEmpty ? nil : ": \($0)" } ?? ""
            return "webhook \(redactedURL) answered HTTP \(status ?? 0) after \(tries)\(body)"
        case .timeout: return "webhook \(redactedURL) did not answer in time (\(tries))"
        default: return "webhook \(redactedURL) could not be reached (\(tries))"
        }
    }

    public var debugDescription: String {
        "NotificationError(code: \(code), url: \(redactedURL), attempts: \(attempts)"
            + (status.map { ", status: \($0)" } ?? "") + (responseBody.map { ", response: \($0.debugDescription)" } ?? "")
            + (underlying.map { ", underlying: \(String(reflecting: $0))" } ?? "") + ")"
    }

    static func redact(_ url: String) -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else {
            return "(not a URL)"
        }
        let port = components.port.map { ":\($0)" } ?? ""
        let hidden = components.path.isEmpty || components.path == "/" ? (components.query == nil ? "" : "/…") : "/…"
        return "\(scheme)://\(host)\(port)\(hidden)"
    }
}
