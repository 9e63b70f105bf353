public import Foundation
import Synchronization

/// A cron expression with the time zone its times are read in (UTC unless
/// told otherwise), as Airbyte's `{cronExpression, cronTimeZone}`.
///
/// It refuses expressions that would run more than once a minute (as Airbyte
/// does) and accepts both Unix and Quartz syntax (see ``CronExpression``).
public struct CronSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The expression.
    public let expression: CronExpression
    /// The zone whose wall clock the expression reads.
    public let timeZone: TimeZone
    /// The zone's IANA name: Airbyte's `cronTimeZone` (`UTC`, `Europe/Paris`).
    public let cronTimeZone: String

    /// - Throws: ``ScheduleError`` (``ScheduleError/Code/tooFrequent``) if the
    ///   expression can run more than once a minute.
    public init(_ expression: CronExpression, timeZone: TimeZone = CronSchedule.utc) throws(ScheduleError) {
        // Foundation calls UTC "GMT" on Linux; Airbyte and users say UTC.
        try self.init(expression, timeZone: timeZone, name: timeZone.identifier == "GMT" ? "UTC" : timeZone.identifier)
    }

    private init(_ expression: CronExpression, timeZone: TimeZone, name: String) throws(ScheduleError) {
        guard !expression.runsMoreThanOncePerMinute else {
            throw ScheduleError(
                .tooFrequent, input: expression.text, field: .second,
                detail: "a schedule may run at most once a minute; give the seconds a single value such as 0")
        }
        self.expression = expression
        self.timeZone = timeZone
        self.cronTimeZone = name
    }

    /// Parses Airbyte's `{cronExpression, cronTimeZone}`.
    ///
    /// - Throws: ``ScheduleError``: an expression that does not parse, an unknown
    ///   time zone, or an expression that runs more than once a minute.
    public init(cronExpression: String, cronTimeZone: String = "UTC") throws(ScheduleError) {
        // Lists read every connection's stored schedule: parse each pair once.
        let key = "\(cronTimeZone)\u{0}\(cronExpression)"
        if let known = CronSchedule.parsed.withLock({ $0[key] }) {
            self = try known.get()
            return
        }
        let result = Result { () throws(ScheduleError) -> CronSchedule in
            let (zone, name) = try CronSchedule.zone(named: cronTimeZone)
            return try CronSchedule(CronExpression(cronExpression), timeZone: zone, name: name)
        }
        CronSchedule.parsed.withLock { parsed in
            if parsed.count >= 4096 { parsed.removeAll(keepingCapacity: true) }
            parsed[key] = result
        }
        self = try result.get()
    }

    /// What ``init(cronExpression:cronTimeZone:)`` made of each expression and zone.
    private static let parsed = Mutex<[String: Result<CronSchedule, ScheduleError>]>([:])

    /// Parses the public API's `cronExpression`, which may end with the time
    /// zone (`"0 0 12 * * ? UTC"`, `"0 2 * * 1-5 Europe/Berlin"`); without one, UTC.
    public init(airbyteExpression: String) throws(ScheduleError) {
        var words = airbyteExpression.split(whereSeparator: \.isWhitespace).map(String.init)
        var zone = "UTC"
        if let last = words.last, words.count > 1, last.contains(where: \.isLetter),
            (try? CronSchedule.timeZone(named: last)) != nil, !CronSchedule.isCronToken(last)
        {
            zone = last
            words.removeLast()
        }
        try self.init(cronExpression: words.joined(separator: " "), cronTimeZone: zone)
    }

    /// The expression as written: Airbyte's `cronExpression`.
    public var cronExpression: String { expression.text }
    /// The public API's form, expression then zone: `0 0 12 * * ? UTC`.
    public var airbyteExpression: String { "\(expression.text) \(cronTimeZone)" }

    /// The first run strictly after `date`.
    public func nextRun(after date: Date) -> Date? { expression.nextRun(after: date, in: timeZone) }

    /// The next `count` runs after `date`, for a preview.
    public func nextRuns(after date: Date, count: Int) -> [Date] {
        expression.nextRuns(after: date, count: count, in: timeZone)
    }

    /// "weekdays at 02:00 UTC" (``Schedule/inWords``).
    public var description: String { Schedule.cron(self).inWords }

    /// Coordinated Universal Time, the default zone.
    public static let utc = TimeZone(identifier: "UTC")!

    /// The zone with an IANA name (`Europe/Paris`, `UTC`); the case of the name does not matter.
    ///
    /// - Throws: ``ScheduleError`` (``ScheduleError/Code/unknownTimeZone``).
    public static func timeZone(named name: String) throws(ScheduleError) -> TimeZone {
        try zone(named: name).zone
    }

    /// The zone and the name to keep for it.
    private static func zone(named name: String) throws(ScheduleError) -> (zone: TimeZone, name: String) {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if trimmed.uppercased() == "UTC" || trimmed.uppercased() == "Z" { return (utc, "UTC") }
        if let zone = TimeZone(identifier: trimmed) { return (zone, trimmed) }
        if let known = TimeZone.knownTimeZoneIdentifiers.first(where: { $0.caseInsensitiveCompare(trimmed) == .orderedSame }),
            let zone = TimeZone(identifier: known)
        {
            return (zone, known)
        }
        throw ScheduleError(
            .unknownTimeZone, input: name,
            detail: "not a known time zone; use an IANA name such as UTC, Europe/Paris or America/New_York")
    }

    /// Whether a word could be a cron field rather than a zone (`MON-FRI`, `L`, `JAN`).
    private static func isCronToken(_ word: String) -> Bool {
        let upper = word.uppercased()
        let names = CronParser.monthNames + CronParser.dayNames
        return upper.allSatisfy { "0123456789*?,-/#LW".contains($0) }
            || upper.split(whereSeparator: { ",-/#".contains($0) }).allSatisfy { token in
                names.contains(String(token)) || token.allSatisfy { "0123456789LW".contains($0) } || token.hasSuffix("L")
            }
    }

    private enum CodingKeys: String, CodingKey { case cronExpression, cronTimeZone }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let expression = try container.decode(String.self, forKey: .cronExpression)
        let zone = try container.decodeIfPresent(String.self, forKey: .cronTimeZone) ?? "UTC"
        do {
            try self.init(cronExpression: expression, cronTimeZone: zone)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: error.code == .unknownTimeZone ? .cronTimeZone : .cronExpression,
                in: container, debugDescription: error.description)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(cronExpression, forKey: .cronExpression)
        try container.encode(cronTimeZone, forKey: .cronTimeZone)
    }
}
