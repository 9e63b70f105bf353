public import Foundation

/// Every so many minutes, hours, days, weeks or months, counted from the last
/// sync (scheduled or manual), as Airbyte's basic schedules are: a sync that
/// ran late, or by hand, moves the next one.
///
/// `{units, timeUnit}` is both Airbyte's `basicSchedule` and the legacy
/// `schedule` of its configuration API (`{"units": 24, "timeUnit": "hours"}`);
/// ``basicTiming`` is the public API's `"Every 24 HOURS"`.
public struct BasicSchedule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The unit of the interval. A month is 30 days, as in Airbyte.
    public enum TimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
        case minutes, hours, days, weeks, months

        /// The unit's length in seconds.
        public var seconds: Int {
            switch self {
            case .minutes: 60
            case .hours: 3600
            case .days: 86_400
            case .weeks: 7 * 86_400
            case .months: 30 * 86_400
            }
        }
    }

    /// How many ``timeUnit``s apart syncs are; at least 1.
    public let units: Int
    /// The unit of ``units``.
    public let timeUnit: TimeUnit

    /// - Throws: ``ScheduleError`` (``ScheduleError/Code/invalidInterval``) if `units` is below 1.
    public init(units: Int, timeUnit: TimeUnit) throws(ScheduleError) {
        guard units >= 1 else {
            throw ScheduleError(
                .invalidInterval, input: "\(units) \(timeUnit.rawValue)",
                detail: "the number of units must be at least 1")
        }
        guard units <= Int(Int32.max) / timeUnit.seconds else {
            throw ScheduleError(.invalidInterval, input: "\(units) \(timeUnit.rawValue)", detail: "the interval is too long")
        }
        self.units = units
        self.timeUnit = timeUnit
    }

    /// Reads Airbyte's `basicTiming` text, `"Every 24 HOURS"` (any case, and
    /// singular units such as `"every 1 hour"` too).
    ///
    /// - Throws: ``ScheduleError`` (``ScheduleError/Code/invalidInterval``) naming the expected shape.
    public init(basicTiming: String) throws(ScheduleError) {
        let words = basicTiming.lowercased().split(separator: " ")
        let unitName = words.count == 3 ? (words[2].hasSuffix("s") ? String(words[2]) : words[2] + "s") : ""
        guard words.count == 3, words[0] == "every", let units = Int(words[1]),
            let unit = TimeUnit(rawValue: unitName)
        else {
            throw ScheduleError(
                .invalidInterval, input: basicTiming,
                detail: "expected 'Every N UNIT' with UNIT one of MINUTES, HOURS, DAYS, WEEKS, MONTHS")
        }
        try self.init(units: units, timeUnit: unit)
    }

    /// Airbyte's public-API form: `Every 24 HOURS`.
    public var basicTiming: String { "Every \(units) \(timeUnit.rawValue.uppercased())" }

    /// The interval between syncs.
    public var interval: TimeInterval { TimeInterval(units * timeUnit.seconds) }

    /// "every 6 hours" (``Schedule/inWords``).
    public var description: String { Schedule.basic(self).inWords }

    private enum CodingKeys: String, CodingKey { case units, timeUnit }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let units = try container.decode(Int.self, forKey: .units)
        let unitName = try container.decode(String.self, forKey: .timeUnit)
        guard let unit = TimeUnit(rawValue: unitName.lowercased()) else {
            throw DecodingError.dataCorruptedError(
                forKey: .timeUnit, in: container,
                debugDescription:
                    "timeUnit '\(unitName)' is not one of minutes, hours, days, weeks, months")
        }
        do {
            try self.init(units: units, timeUnit: unit)
        } catch {
            throw DecodingError.dataCorruptedError(forKey: .units, in: container, debugDescription: error.description)
        }
    }
}
