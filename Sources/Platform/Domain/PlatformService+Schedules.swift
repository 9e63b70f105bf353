package import Foundation
package import PlatformStore
package import Schedule

/// A schedule in words and its next runs: what a person sees before saving it.
package struct SchedulePreview: Sendable, Hashable {
    /// "weekdays at 02:00 UTC", "every 6 hours", "manual".
    package var words: String
    /// The next runs after the time asked about; empty for a manual schedule.
    package var nextRuns: [Date]
}

extension PlatformService {
    /// `schedule` checked: the `Schedule` it runs as.
    ///
    /// - Throws: ``PlatformError`` `invalidInput` with the schedule's own words
    ///   ("minute field of '61 0 * * *': 61 is out of range 0-59").
    package func validatedSchedule(_ schedule: ConnectionSchedule) throws -> Schedule {
        do {
            return try schedule.schedule()
        } catch {
            throw PlatformError(.invalidInput, message: "the schedule is not valid: \(error)", problems: ["\(error)"], underlying: error)
        }
    }

    /// The schedule in words and its next `count` runs after `date` (now by
    /// default): for a cron schedule the times it names, for a basic one
    /// `date` plus one, two… intervals.
    ///
    /// - Throws: ``PlatformError`` `invalidInput` for a schedule that cannot run.
    package func schedulePreview(_ schedule: ConnectionSchedule, count: Int = 5, after date: Date? = nil) throws -> SchedulePreview {
        let runnable = try validatedSchedule(schedule)
        return SchedulePreview(words: runnable.inWords, nextRuns: runnable.nextRuns(after: date ?? now, count: count))
    }

    /// When the connection syncs next by its schedule: `nil` when it is manual
    /// or not active, or its stored schedule cannot run; a time in the past
    /// means a sync is due now.
    ///
    /// - Parameter lastSync: when its latest sync job was created, `nil` if never.
    package func nextRun(of connection: SavedConnection, lastSync: Date?) -> Date? {
        guard connection.status == .active, let schedule = try? connection.schedule.schedule() else { return nil }
        return schedule.nextRun(lastRun: lastSync, scheduledSince: connection.scheduleUpdatedAt)
    }
}
