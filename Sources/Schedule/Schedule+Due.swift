public import Foundation

/// Whether a schedule's sync is due: now, later at a given time, or never.
public enum ScheduleDue: Sendable, Hashable {
    /// The schedule runs only by hand.
    case never
    /// A sync is due; `scheduledFor` is the time it was due at, which is in the
    /// past when the scheduler was down or busy (a missed run is owed once).
    case now(scheduledFor: Date)
    /// The next sync is due at this time.
    case later(Date)

    /// Whether a sync should start now.
    public var isDue: Bool {
        if case .now = self { return true }
        return false
    }

    /// When the next sync is (or was) due, nil for a manual schedule.
    public var nextRun: Date? {
        switch self {
        case .never: nil
        case .now(let date), .later(let date): date
        }
    }
}

extension Schedule {
    /// When the next sync is due, given when the last one was started.
    ///
    /// - Parameters:
    ///   - lastRun: when the connection's last sync job was created (scheduled
    ///     or manual), nil if it never synced.
    ///   - scheduledSince: when this schedule took effect, the connection's
    ///     creation or the last change of its schedule. Cron times before it
    ///     are not owed.
    /// - Returns: nil for a manual schedule. A basic schedule is due one
    ///   interval after `lastRun`, or at once (`scheduledSince`) if the
    ///   connection never synced, as in Airbyte. A cron schedule is due at the
    ///   first time it names after `lastRun` and not before `scheduledSince`.
    ///
    /// The answer does not depend on the current time, so a scheduler that was
    /// down for a week finds one sync due, at the first time it missed, not one
    /// per missed time: once that sync is recorded as `lastRun`, the next
    /// answer is the first time after it.
    public func nextRun(lastRun: Date?, scheduledSince: Date) -> Date? {
        switch self {
        case .manual:
            return nil
        case .basic(let basic):
            guard let lastRun else { return scheduledSince }
            return lastRun.addingTimeInterval(basic.interval)
        case .cron(let cron):
            // Times from `scheduledSince` on count: search from the second before it.
            let firstCounted = scheduledSince.timeIntervalSince1970.rounded(.up) - 1
            let after = max(lastRun?.timeIntervalSince1970 ?? firstCounted, firstCounted)
            return cron.nextRun(after: Date(timeIntervalSince1970: after))
        }
    }

    /// Whether a sync is due at `now`, and if not, when (see ``nextRun(lastRun:scheduledSince:)``).
    public func due(lastRun: Date?, scheduledSince: Date, now: Date) -> ScheduleDue {
        guard let next = nextRun(lastRun: lastRun, scheduledSince: scheduledSince) else { return .never }
        return next <= now ? .now(scheduledFor: next) : .later(next)
    }

    /// The next `count` runs after `date` for a preview ("next 5 runs"): cron
    /// times, or for a basic schedule `date` plus one, two… intervals. Empty
    /// for a manual schedule.
    public func nextRuns(after date: Date, count: Int) -> [Date] {
        switch self {
        case .manual: []
        case .basic(let basic): (1...max(count, 1)).prefix(count).map { date.addingTimeInterval(basic.interval * Double($0)) }
        case .cron(let cron): cron.nextRuns(after: date, count: count)
        }
    }
}
