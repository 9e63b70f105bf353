/// When a connection syncs by itself, stored as data: the `Schedule` module
/// decides when a basic or cron schedule is next due.
///
/// Airbyte's `scheduleType` with its `scheduleData`: `manual`; `basic`
/// (`{units, timeUnit}`, also the seed guide's legacy `schedule` shape); `cron`
/// (an expression, Quartz or Unix 5-field, and an IANA time zone, UTC by default).
package enum ConnectionSchedule: Sendable, Hashable, Codable {
    /// Only when someone asks.
    case manual
    /// Every `units` `timeUnit`s after the previous sync.
    case basic(units: Int, timeUnit: BasicTimeUnit)
    /// At the times a cron `expression` names, read in `timeZone` (an IANA zone such as `Europe/Paris`).
    case cron(expression: String, timeZone: String)

    /// The unit of a basic schedule.
    package enum BasicTimeUnit: String, Sendable, Hashable, Codable, CaseIterable {
        case minutes, hours, days, weeks, months
    }

    /// Airbyte's `scheduleType`: `manual`, `basic` or `cron`.
    package var scheduleType: String {
        switch self {
        case .manual: "manual"
        case .basic: "basic"
        case .cron: "cron"
        }
    }

    private enum CodingKeys: String, CodingKey { case scheduleType, units, timeUnit, cronExpression, cronTimeZone }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .scheduleType) {
        case "manual": self = .manual
        case "basic":
            self = .basic(
                units: try container.decode(Int.self, forKey: .units),
                timeUnit: try container.decode(BasicTimeUnit.self, forKey: .timeUnit))
        case "cron":
            self = .cron(
                expression: try container.decode(String.self, forKey: .cronExpression),
                timeZone: try container.decodeIfPresent(String.self, forKey: .cronTimeZone) ?? "UTC")
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .scheduleType, in: container,
                debugDescription: "unknown schedule type \(other)")
        }
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheduleType, forKey: .scheduleType)
        switch self {
        case .manual: break
        case .basic(let units, let timeUnit):
            try container.encode(units, forKey: .units)
            try container.encode(timeUnit, forKey: .timeUnit)
        case .cron(let expression, let timeZone):
            try container.encode(expression, forKey: .cronExpression)
            try container.encode(timeZone, forKey: .cronTimeZone)
        }
    }
}
