/// A field of a cron expression, named in errors so a user knows where to look.
public enum CronField: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Quartz only: the first of its 6 or 7 fields.
    case second
    case minute
    case hour
    case dayOfMonth
    case month
    case dayOfWeek
    /// Quartz only: the optional seventh field.
    case year

    /// The field's name as people write it: `day-of-month`.
    public var description: String {
        switch self {
        case .second: "second"
        case .minute: "minute"
        case .hour: "hour"
        case .dayOfMonth: "day-of-month"
        case .month: "month"
        case .dayOfWeek: "day-of-week"
        case .year: "year"
        }
    }
}
