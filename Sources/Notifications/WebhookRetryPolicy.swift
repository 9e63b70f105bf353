/// How a webhook is retried: how many attempts, how long each may take, and
/// how long to wait between them (growing by `multiplier`, at most
/// `maximumDelay`, or what a 429/503 answer's `Retry-After` asks, within the same cap).
///
/// Timeouts, unreachable receivers, 408, 429 and 5xx answers are retried;
/// other 4xx answers are not (the hook was revoked or refuses the body:
/// trying again cannot help).
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included.
    public var maximumAttempts: Int
    /// How long one attempt may take, connecting included.
    public var timeout: Duration
    /// The wait before the second attempt.
    public var initialDelay: Duration
    /// How much each wait grows over the previous one.
    public var multiplier: Double
    /// The longest wait.
    public var maximumDelay: Duration

    /// 4 attempts of at most 10 s, 2 s then 6 s then 18 s apart.
    public init(
        maximumAttempts: Int = 4, timeout: Duration = .seconds(10), initialDelay: Duration = .seconds(2),
        multiplier: Double = 3, maximumDelay: Duration = .seconds(60)
    ) {
        self.maximumAttempts = max(maximumAttempts, 1)
        self.timeout = timeout
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maximumDelay = maximumDelay
    }

    /// The wait after attempt `attempt` (1-based) failed.
    public func delay(after attempt: Int) -> Duration {
        var delay = initialDelay
        for _ in 1..<max(attempt, 1) { delay = delay * multiplier }
        return min(delay, maximumDelay)
    }

    /// A single attempt: for "send test", where the person waiting wants the answer now.
    public static func once(timeout: Duration = .seconds(10)) -> WebhookRetryPolicy {
        WebhookRetryPolicy(maximumAttempts: 1, timeout: timeout)
    }
}
