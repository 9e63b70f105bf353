/// An ISO 8601 duration as the `isodate` package parses it (the CDK's `duration()`
/// macro, and the `step`, `cursor_granularity` and `lookback_window` of a cursor).
///
/// `isodate.parse_duration` returns a plain `timedelta` when the text has no years or
/// months, and a `Duration` (years and months kept apart from the rest) otherwise;
/// ``parse(_:)`` does the same, as the two cases of this enum.
public enum ISODuration: Sendable, Hashable, CustomStringConvertible {
    /// No years or months: a plain timedelta.
    case timedelta(PythonTimedelta)
    /// Years and months, which depend on the date they are added to, and a timedelta.
    case calendar(years: Double, months: Double, rest: PythonTimedelta)

    /// Parses `P[nY][nM][nW][nD][T[nH][nM][nS]]` with an optional sign, fractions written
    /// with `.` or `,`, as `isodate.parse_duration`; a `ValueError` (`ISO8601Error`) otherwise.
    public static func parse(_ text: String) throws(TemplateError) -> ISODuration {
        var scanner = Array(text.unicodeScalars)[...]
        // `$` in Python's regex also matches before one trailing newline.
        if scanner.last == "\n" { scanner = scanner.dropLast() }
        var negative = false
        if let first = scanner.first, first == "+" || first == "-" {
            negative = first == "-"
            scanner = scanner.dropFirst()
        }
        let fail = TemplateError(.valueError, "Unable to parse duration string \(String(reflecting: text))")
        guard scanner.first == "P" else { throw fail }
        scanner = scanner.dropFirst()
        // `P(?!\b)`: something word-like must follow the P.
        guard let next = scanner.first, next.properties.isAlphabetic || ("0"..."9").contains(next) || next == "_" else {
            throw fail
        }
        var values: [Character: Double] = [:]
        var order = ["Y", "M", "W", "D"] as [Character]
        var inTime = false
        while !scanner.isEmpty {
            if scanner.first == "T", !inTime {
                inTime = true
                order = ["H", "M", "S"]
                scanner = scanner.dropFirst()
                continue
            }
            var number = ""
            while let c = scanner.first, ("0"..."9").contains(c) {
                number.unicodeScalars.append(c)
                scanner = scanner.dropFirst()
            }
            guard !number.isEmpty else { throw fail }
            if let c = scanner.first, c == "." || c == "," {
                scanner = scanner.dropFirst()
                var fraction = ""
                while let c = scanner.first, ("0"..."9").contains(c) {
                    fraction.unicodeScalars.append(c)
                    scanner = scanner.dropFirst()
                }
                guard !fraction.isEmpty else { throw fail }
                number += "." + fraction
            }
            guard let unitScalar = scanner.first else { throw fail }
            scanner = scanner.dropFirst()
            let unit = Character(unitScalar)
            guard let index = order.firstIndex(of: unit), let value = Double(number) else { throw fail }
            order.removeFirst(index + 1)
            values[inTime ? Character(unit.lowercased()) : unit] = value
        }
        let years = values["Y"] ?? 0
        let months = values["M"] ?? 0
        let rest = try PythonTimedelta(
            fractionalDays: values["D"] ?? 0, seconds: values["s"] ?? 0,
            minutes: values["m"] ?? 0, hours: values["h"] ?? 0, weeks: values["W"] ?? 0)
        if years == 0 && months == 0 {
            return .timedelta(negative ? try -rest : rest)
        }
        if negative { return .calendar(years: -years, months: -months, rest: try -rest) }
        return .calendar(years: years, months: months, rest: rest)
    }

    /// `str()`: a timedelta's, or `1 years, 2 months, 0:00:00` for a calendar duration.
    public var description: String {
        switch self {
        case .timedelta(let delta): return delta.description
        case .calendar(let years, let months, let rest):
            var parts: [String] = []
            if years != 0 { parts.append("\(Int(years)) years") }
            if months != 0 { parts.append("\(Int(months)) \(months <= 1 ? "month" : "months")") }
            parts.append(rest.description)
            return parts.joined(separator: ", ")
        }
    }

    var pythonRepr: String {
        switch self {
        case .timedelta(let delta): return delta.pythonRepr
        case .calendar(let years, let months, let rest):
            return
                "isodate.duration.Duration(\(rest.days), \(rest.seconds), \(rest.microseconds), years=\(Int(years)), months=\(Int(months)))"
        }
    }

    /// `datetime + duration`: years and months first (the day clamped to the month's
    /// length), then the timedelta, as `isodate.Duration.__add__`.
    public func added(to datetime: PythonDatetime) throws(TemplateError) -> PythonDatetime {
        switch self {
        case .timedelta(let delta): return try datetime.adding(delta)
        case .calendar(let years, let months, let rest):
            let date = try Self.shift(datetime.date, years: years, months: months)
            let moved = try PythonDatetime(
                date: date, hour: datetime.hour, minute: datetime.minute, second: datetime.second,
                microsecond: datetime.microsecond, timeZone: datetime.timeZone)
            return try moved.adding(rest)
        }
    }

    /// `datetime - duration`, as `isodate.Duration.__rsub__`.
    public func subtracted(from datetime: PythonDatetime) throws(TemplateError) -> PythonDatetime {
        switch self {
        case .timedelta(let delta): return try datetime.subtracting(delta)
        case .calendar(let years, let months, let rest):
            let date = try Self.shift(datetime.date, years: -years, months: -months)
            let moved = try PythonDatetime(
                date: date, hour: datetime.hour, minute: datetime.minute, second: datetime.second,
                microsecond: datetime.microsecond, timeZone: datetime.timeZone)
            return try moved.subtracting(rest)
        }
    }

    /// `date + duration` (or `date - duration` when `negate`) for a plain date: only the
    /// timedelta's `days` count, as in Python (`date - timedelta(hours=36)` is one day back).
    func added(to date: PythonDate, negate: Bool) throws(TemplateError) -> PythonDate {
        switch self {
        case .timedelta(let delta): return try date.adding(days: negate ? -delta.days : delta.days)
        case .calendar(let years, let months, let rest):
            let shifted = try Self.shift(date, years: negate ? -years : years, months: negate ? -months : months)
            return try shifted.adding(days: negate ? -rest.days : rest.days)
        }
    }

    static func shift(_ date: PythonDate, years: Double, months: Double) throws(TemplateError) -> PythonDate {
        guard years == years.rounded(), months == months.rounded() else {
            throw .value("fractional years or months not supported for date calculations")
        }
        let totalMonth = date.month + Int(months)
        let carry = floorDiv(totalMonth - 1, 12)
        let month = floorMod(totalMonth - 1, 12) + 1
        let year = date.year + Int(years) + carry
        guard (1...9999).contains(year) else { throw .value("year \(year) is out of range") }
        let day = min(date.day, PythonDate.daysInMonth(year, month))
        return try PythonDate(year: year, month: month, day: day)
    }
}
