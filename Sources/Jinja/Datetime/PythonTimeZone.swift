/// A fixed UTC offset attached to a datetime, with the name and `repr` of the Python
/// `tzinfo` object it stands for (they show in `%Z` and when a datetime is rendered
/// inside a list or dict).
public struct PythonTimeZone: Sendable, Hashable {
    /// Seconds east of UTC.
    public let offsetSeconds: Int
    /// What `tzname()` returns; `nil` for Python `None` (then `%Z` renders nothing).
    public let name: String?
    let style: Style

    enum Style: Sendable, Hashable {
        /// `datetime.timezone.utc` or `datetime.timezone(timedelta)`.
        case standard
        /// `pytz.utc`, what the CDK's `str_to_datetime` returns.
        case pytzUTC
        /// `dateutil.tz.tzutc()`, what `dateutil.parser.isoparse` gives for `Z`.
        case dateutilUTC
        /// `dateutil.tz.tzoffset(None, seconds)`.
        case dateutilOffset
    }

    /// `datetime.timezone.utc`, what `now_utc()` uses.
    public static let utc = PythonTimeZone(offsetSeconds: 0, name: "UTC", style: .standard)
    /// `pytz.utc`.
    static let pytzUTC = PythonTimeZone(offsetSeconds: 0, name: "UTC", style: .pytzUTC)
    static let dateutilUTC = PythonTimeZone(offsetSeconds: 0, name: "UTC", style: .dateutilUTC)

    /// `datetime.timezone(timedelta(seconds: offsetSeconds))`; zero is `timezone.utc`.
    public static func fixed(offsetSeconds: Int) -> PythonTimeZone {
        if offsetSeconds == 0 { return .utc }
        return PythonTimeZone(
            offsetSeconds: offsetSeconds, name: "UTC" + formatOffset(offsetSeconds, separator: ":"),
            style: .standard)
    }

    static func dateutilOffset(_ seconds: Int) -> PythonTimeZone {
        PythonTimeZone(offsetSeconds: seconds, name: nil, style: .dateutilOffset)
    }

    /// The offset as a timedelta, as `utcoffset()`.
    public var utcOffset: PythonTimedelta {
        // An offset is always less than a day in magnitude, so this cannot overflow.
        (try? PythonTimedelta(seconds: offsetSeconds)) ?? .zero
    }

    /// `repr()` of the tzinfo object.
    var pythonRepr: String {
        switch style {
        case .standard:
            if offsetSeconds == 0 && name == "UTC" { return "datetime.timezone.utc" }
            return "datetime.timezone(\(utcOffset.pythonRepr))"
        case .pytzUTC: return "<UTC>"
        case .dateutilUTC: return "tzutc()"
        case .dateutilOffset: return "tzoffset(None, \(offsetSeconds))"
        }
    }

    /// `+HH:MM` (`separator` ":") or `+HHMM` (""), with `:SS` only when there are seconds.
    static func formatOffset(_ seconds: Int, separator: String) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let magnitude = abs(seconds)
        var text = sign + pad(magnitude / 3_600, 2) + separator + pad(magnitude % 3_600 / 60, 2)
        if magnitude % 60 != 0 { text += separator + pad(magnitude % 60, 2) }
        return text
    }
}
