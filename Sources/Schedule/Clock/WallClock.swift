public import Foundation

/// The time of day a scheduler reads and waits for. Schedules name wall-clock
/// times, so this is calendar time (`Date`), not a monotonic clock.
///
/// ``SystemWallClock`` is the real one; tests inject a ``ManualClock`` and move
/// time themselves.
public protocol WallClock: Sendable {
    /// The current time.
    func now() -> Date
    /// Suspends until ``now()`` is at or after `deadline`.
    ///
    /// - Throws: `CancellationError` if the task is cancelled first.
    func sleep(until deadline: Date) async throws
}

/// The system's calendar clock.
///
/// It sleeps in naps of at most ``maximumNap`` and looks at the clock after
/// each, so a clock set forward (NTP, a suspended machine waking up) is
/// noticed within one nap rather than after the whole interval.
public struct SystemWallClock: WallClock {
    /// The longest single sleep.
    public var maximumNap: Duration

    public init(maximumNap: Duration = .seconds(60)) {
        self.maximumNap = maximumNap
    }

    public func now() -> Date { Date() }

    public func sleep(until deadline: Date) async throws {
        while true {
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return }
            try await Task.sleep(for: min(.milliseconds(Int64((remaining * 1000).rounded(.up))), maximumNap))
        }
    }
}
