public import Foundation

/// A cron expression, in Unix (Vixie cron) or Quartz syntax, and the times it
/// runs in a time zone.
///
/// ```swift
/// let daily = try CronExpression("0 0 12 * * ?")          // Quartz: noon every day
/// let weekdays = try CronExpression("0 2 * * 1-5")       // Unix: 02:00 Monday to Friday
/// let next = weekdays.nextRun(after: .now, in: TimeZone(identifier: "Europe/Berlin")!)
/// ```
///
/// The dialect follows from the number of fields: five (`minute hour
/// day-of-month month day-of-week`, or an alias such as `@daily`) is Unix;
/// six or seven (`second minute hour day-of-month month day-of-week [year]`)
/// is Quartz, the syntax Airbyte takes. The two differ beyond the seconds:
/// Quartz numbers the days of the week 1 (Sunday) to 7, Unix 0 (Sunday) to 6
/// (7 is Sunday too); Quartz wants `?` in exactly one of the two day fields
/// and offers `L`, `W` and `#`; Unix runs a day that matches *either* day
/// field when both are restricted (`0 0 1 * MON` is the 1st and every Monday)
/// unless one of them starts with `*`.
///
/// ## Clock changes
/// Each dialect keeps its own scheduler's behaviour when daylight saving time
/// starts or ends:
/// - **Quartz** (as Quartz 2.3.2, which Airbyte runs): a time that does not
///   exist that day (02:30 when clocks jump from 02:00 to 03:00) is skipped;
///   a time that happens twice (01:30 when clocks go back from 02:00 to 01:00)
///   runs once, at its second occurrence, and the first pass through the
///   repeated hour runs nothing.
/// - **Unix** (as Vixie cron): a job with a fixed minute and hour whose time is
///   skipped runs once when the clocks jump (at 03:00 new time), and a
///   repeated time runs once, at its first occurrence. A job whose minute or
///   hour field starts with `*` (`*/15 * * * *`, `0 * * * *`) follows the
///   clock: nothing runs in the skipped hour and the repeated hour runs twice.
public struct CronExpression: Sendable, Hashable, CustomStringConvertible {
    /// The syntax an expression is written in.
    public enum Dialect: String, Sendable, Hashable, Codable, CaseIterable {
        /// Vixie cron's five fields, and `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`.
        case unix
        /// Quartz's six or seven fields, seconds first, with `?`, `L`, `W`, `#`: Airbyte's syntax.
        case quartz
    }

    /// The syntax the expression was written in.
    public let dialect: Dialect
    /// The expression as written, with runs of whitespace made single spaces.
    public let text: String
    let spec: CronSpec

    /// Parses an expression, taking the dialect from its number of fields
    /// unless `dialect` is given.
    ///
    /// - Throws: ``ScheduleError`` with code ``ScheduleError/Code/invalidCronExpression``
    ///   naming the field and what is wrong with it.
    public init(_ text: String, dialect: Dialect? = nil) throws(ScheduleError) {
        (self.dialect, self.spec, self.text) = try CronParser.parse(text, dialect: dialect)
    }

    public var description: String { text }

    public static func == (a: CronExpression, b: CronExpression) -> Bool {
        a.dialect == b.dialect && a.text == b.text
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(dialect)
        hasher.combine(text)
    }

    /// Whether the expression can run more than once in a minute (Quartz
    /// seconds such as `*/30`). Airbyte refuses those, and so does ``CronSchedule``.
    public var runsMoreThanOncePerMinute: Bool { spec.seconds.nonzeroBitCount > 1 }

    /// The first time after `date` that the expression runs in `timeZone`,
    /// or nil if it never runs again (a Quartz year range in the past, the 30th
    /// of February). Cron resolution is one second: fractions of `date` are
    /// dropped, and the result is strictly later than `date`.
    public func nextRun(after date: Date, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> Date? {
        let instant = Int64(date.timeIntervalSince1970.rounded(.down))
        let rules = ZoneRules(zone: timeZone)
        // Only where the zone's offset no longer changes (UTC, most zones without DST): around a
        // clock change, Quartz's answer depends on where the search starts, so runs are no fixed set.
        guard rules.nextTransition(after: instant) == nil else {
            return nextInstant(after: instant, rules: rules).map { Date(timeIntervalSince1970: TimeInterval($0)) }
        }
        let key = NextRunCache.Key(dialect: dialect, text: text, zone: timeZone.identifier)
        return NextRunCache.shared.next(key, after: instant) { nextInstant(after: $0, rules: rules) }
            .map { Date(timeIntervalSince1970: TimeInterval($0)) }
    }

    /// The next `count` runs after `date`: a preview for a schedule editor.
    /// Shorter than `count` if the expression stops running.
    public func nextRuns(after date: Date, count: Int, in timeZone: TimeZone = TimeZone(identifier: "UTC")!) -> [Date] {
        var runs: [Date] = []
        var from = date
        while runs.count < count, let next = nextRun(after: from, in: timeZone) {
            runs.append(next)
            from = next
        }
        return runs
    }

    // MARK: Walking the calendar

    /// How many wall-clock candidates or zone transitions one search may visit
    /// before giving up; far above what any expression needs (a yearly one
    /// crosses about three transitions).
    private static let searchLimit = 10_000

    func nextInstant(after instant: Int64, rules: ZoneRules) -> Int64? {
        // 400 years hold every combination of date and weekday the Gregorian calendar has.
        let yearLimit = rules.wallTime(at: instant).year + 400
        if dialect == .unix && spec.wildcardTime {
            return nextFollowingTheClock(after: instant, rules: rules, yearLimit: yearLimit)
        }
        var start = rules.wallTime(at: instant + 1)
        for _ in 0..<CronExpression.searchLimit {
            guard let wall = spec.nextMatch(onOrAfter: start, yearLimit: yearLimit) else { return nil }
            switch (rules.mapping(of: wall), dialect) {
            case (.unique(let candidate), _) where candidate > instant:
                return candidate
            case (.repeated(let earlier, _), .unix) where earlier > instant:
                return earlier
            case (.repeated(_, let later), .quartz) where later > instant:
                return later
            case (.skipped(let transition), .unix) where transition > instant:
                return transition
            case (.skipped(let transition), _):
                // Every wall time up to the transition is skipped too.
                start = max(CivilDateTime(naiveSeconds: wall.naiveSeconds + 1), rules.wallTime(at: transition))
                continue
            default:
                break
            }
            start = CivilDateTime(naiveSeconds: wall.naiveSeconds + 1)
        }
        return nil
    }

    /// Vixie cron's wildcard jobs: every instant whose wall-clock time matches,
    /// in the order instants happen. Walks the stretches of constant UTC offset
    /// between the zone's transitions, so a repeated hour is visited twice and a
    /// skipped one never.
    private func nextFollowingTheClock(after instant: Int64, rules: ZoneRules, yearLimit: Int) -> Int64? {
        var from = instant + 1
        for _ in 0..<CronExpression.searchLimit {
            let offset = rules.offset(at: from)
            let transition = rules.nextTransition(after: from)
            guard let wall = spec.nextMatch(onOrAfter: CivilDateTime(naiveSeconds: from + offset), yearLimit: yearLimit)
            else { return nil }
            let candidate = wall.naiveSeconds - offset
            guard let transition, candidate >= transition else { return candidate }
            from = transition
        }
        return nil
    }
}
