internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// A `DatetimeBasedCursor`'s `clamping`: window bounds moved to the start of a day, of a week
/// (starting on a given weekday) or of a month, for APIs that only take whole periods. The CDK's
/// `DayClampingStrategy`, `WeekClampingStrategy` and `MonthClampingStrategy` as of CDK 7.3x: a
/// midnight is its own day's ceiling; a day that starts a week is its own week's ceiling and
/// floor (at its midnight); the first of a month is its own ceiling and floor (at its midnight).
struct Clamping: Sendable {
    enum Period: Sendable, Equatable {
        case day
        /// Python's `weekday()` number of the day weeks start on: 0 is Monday.
        case week(startingOn: Int)
        case month
    }

    let period: Period

    static let weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]

    /// From the cursor's `clamping` definition; `target` is a template over the config and the
    /// cursor's parameters.
    init(_ node: ComponentNode, parameters: JSONObject, context: BuildContext) throws(ManifestError) {
        let target: String
        do {
            target = try InterpolatedString(try node.string("target"), parameters: parameters, in: context.interpolation)
                .eval(context.configValue).description
        } catch {
            throw node.invalid("target", "\(error)")
        }
        switch target {
        case "DAY": period = .day
        case "MONTH": period = .month
        case "WEEK":
            guard case .object(let details)? = node["target_details"], let weekday = details["weekday"] else {
                throw node.invalid("target_details", "Given WEEK clamping, weekday needs to be provided as target_details")
            }
            guard let name = weekday.stringValue, let number = Self.weekdays.firstIndex(of: name) else {
                throw node.invalid("target_details", "Unknown weekday \(weekday.stringValue ?? weekday.jsonText)")
            }
            period = .week(startingOn: number)
        default:
            throw node.invalid("target", "Invalid clamping target \(target), expected DAY, WEEK, MONTH")
        }
    }

    /// What is taken off the clamped end (`ClampingEndProvider`): the cursor's granularity, else
    /// a second for days and a day for weeks and months.
    func endGranularity(cursorGranularity: Gap?) throws(TemplateError) -> Gap {
        if let cursorGranularity { return cursorGranularity }
        return try Gap.parse(period == .day ? "PT1S" : "P1D")
    }

    /// The start of the next period (`is_ceiling=True`), as the CDK computes it.
    func ceiling(_ value: PythonDatetime) throws(TemplateError) -> PythonDatetime {
        try clamp(value, ceiling: true)
    }

    /// The start of the period `value` is in (`is_ceiling=False`).
    func floor(_ value: PythonDatetime) throws(TemplateError) -> PythonDatetime {
        try clamp(value, ceiling: false)
    }

    private func clamp(_ value: PythonDatetime, ceiling: Bool) throws(TemplateError) -> PythonDatetime {
        let midnight = try PythonDatetime(date: value.date, timeZone: value.timeZone)
        switch period {
        case .day:
            return ceiling && midnight != value ? try midnight.adding(try PythonTimedelta(days: 1)) : midnight
        case .month:
            if value.day == 1 { return midnight }
            if !ceiling { return try PythonDatetime(year: value.year, month: value.month, day: 1, timeZone: value.timeZone) }
            return try PythonDatetime(
                year: value.month == 12 ? value.year + 1 : value.year, month: value.month % 12 + 1, day: 1,
                timeZone: value.timeZone)
        case .week(let first):
            let weekday = value.date.weekday
            let daysToCeiling = weekday > first ? 7 - (weekday - first) : abs(weekday - first)
            return try midnight.adding(try PythonTimedelta(days: ceiling || daysToCeiling == 0 ? daysToCeiling : daysToCeiling - 7))
        }
    }
}
