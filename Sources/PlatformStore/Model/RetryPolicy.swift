import Foundation

/// How many attempts a job gets and how long it waits between them.
///
/// The defaults are Airbyte's: 3 attempts; a wait of 10 s × 3ⁿ⁻¹ after the
/// n-th failed attempt (10 s, 30 s, 90 s, …) capped at 30 minutes.
package struct RetryPolicy: Sendable, Hashable, Codable {
    /// Attempts per job, the first included (at least 1).
    package var maxAttempts: Int
    /// The wait after the first failed attempt, in seconds.
    package var initialBackoffSeconds: Double
    /// What each further wait is multiplied by.
    package var backoffMultiplier: Double
    /// The longest wait, in seconds.
    package var maxBackoffSeconds: Double

    /// A policy; the defaults are Airbyte's.
    package init(
        maxAttempts: Int = 3, initialBackoffSeconds: Double = 10, backoffMultiplier: Double = 3,
        maxBackoffSeconds: Double = 1800
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialBackoffSeconds = max(0, initialBackoffSeconds)
        self.backoffMultiplier = max(1, backoffMultiplier)
        self.maxBackoffSeconds = max(0, maxBackoffSeconds)
    }

    /// Airbyte's defaults.
    package static let airbyteDefault = RetryPolicy()

    /// The wait before the next attempt after `failedAttempts` attempts failed (1 or more).
    package func backoff(afterFailedAttempts failedAttempts: Int) -> Duration {
        let exponent = Double(max(0, failedAttempts - 1))
        let seconds = min(maxBackoffSeconds, initialBackoffSeconds * pow(backoffMultiplier, exponent))
        return .milliseconds(Int64((seconds * 1000).rounded()))
    }
}
