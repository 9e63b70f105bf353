import Foundation

/// When a connection syncs, in the three shapes Airbyte has: by hand only,
/// every so often (counted from the last sync), or on a cron expression in a
/// time zone.
///
/// Its `Codable` form is Airbyte's `scheduleType` with its `scheduleData`:
/// `{"scheduleType": "manual"}`, `{"scheduleType": "basic", "basicSchedule":
/// {"units": 6, "timeUnit": "hours"}}`, `{"scheduleType": "cron", "cron":
/// {"cronExpression": "0 0 12 * * ?", "cronTimeZone": "UTC"}}`. Decoding
/// validates, so a stored schedule that decodes is one that can run.
public enum Schedule: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Syncs run only when someone asks for one.
    case manual
    /// A sync runs once the interval has passed since the last sync.
    case basic(BasicSchedule)
    /// Syncs run at the times a cron expression names, in a time zone.
    case cron(CronSchedule)

    /// Airbyte's name for the shape: `manual`, `basic` or `cron`.
    public var scheduleType: String {
        switch self {
        case .manual: "manual"
        case .basic: "basic"
        case .cron: "cron"
        }
    }

    /// The schedule in words for people (``inWords``).
    public var description: String { inWords }

    private enum CodingKeys: String, CodingKey { case scheduleType, basicSchedule, cron }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .scheduleType)
        switch type.lowercased() {
        case "manual": self = .manual
        case "basic": self = .basic(try container.decode(BasicSchedule.self, forKey: .basicSchedule))
        case "cron": self = .cron(try container.decode(CronSchedule.self, forKey: .cron))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .scheduleType, in: container,
                debugDescription: "scheduleType '\(type)' is not manual, basic or cron")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(scheduleType, forKey: .scheduleType)
        switch self {
        case .manual: break
        case .basic(let basic): try container.encode(basic, forKey: .basicSchedule)
        case .cron(let cron): try container.encode(cron, forKey: .cron)
        }
    }
}
