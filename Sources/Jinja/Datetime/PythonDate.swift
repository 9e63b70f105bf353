/// A calendar date, as Python's `datetime.date`: proleptic Gregorian, years 1 to 9999.
public struct PythonDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The date, or a `ValueError` when a field is out of range (as `datetime.date(...)`).
    public init(year: Int, month: Int, day: Int) throws(TemplateError) {
        guard (1...9999).contains(year) else { throw .value("year \(year) is out of range") }
        guard (1...12).contains(month) else { throw .value("month must be in 1..12") }
        guard (1...Self.daysInMonth(year, month)).contains(day) else {
            throw .value("day is out of range for month")
        }
        self.year = year
        self.month = month
        self.day = day
    }

    init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date with this proleptic Gregorian ordinal (1 is 0001-01-01), as `date.fromordinal`.
    public init(ordinal: Int) throws(TemplateError) {
        guard ordinal >= 1, ordinal <= Self.maxOrdinal else { throw TemplateError(.overflow, "date value out of range") }
        let (y, m, d) = Self.civil(fromOrdinal: ordinal)
        self.init(unchecked: y, m, d)
    }

    /// Days since 0001-01-01 plus one, as `date.toordinal()`.
    public var ordinal: Int { Self.ordinal(year, month, day) }

    /// Monday is 0, Sunday 6, as `date.weekday()`.
    public var weekday: Int { (ordinal + 6) % 7 }

    /// Day of the year, 1-based.
    public var dayOfYear: Int { ordinal - Self.ordinal(year, 1, 1) + 1 }

    /// ISO year, week and weekday (Monday 1), as `date.isocalendar()`.
    public var isoCalendar: (year: Int, week: Int, weekday: Int) {
        var isoYear = year
        var week1 = Self.isoWeek1Monday(isoYear)
        let today = ordinal
        var week = (today - week1) / 7
        if today < week1 {
            isoYear -= 1
            week1 = Self.isoWeek1Monday(isoYear)
            week = (today - week1) / 7
        } else if week >= 52, today >= Self.isoWeek1Monday(isoYear + 1) {
            isoYear += 1
            week = 0
        }
        return (isoYear, week + 1, (today - 1) % 7 + 1)
    }

    /// `YYYY-MM-DD`, as `date.isoformat()` and `str(date)`.
    public var isoformat: String { "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))" }
    public var description: String { isoformat }

    /// `datetime.date(2024, 1, 31)`, as `repr(date)`.
    public var pythonRepr: String { "datetime.date(\(year), \(month), \(day))" }

    public static func < (lhs: PythonDate, rhs: PythonDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// The date `days` later (earlier when negative); `OverflowError` outside years 1 to 9999.
    public func adding(days: Int) throws(TemplateError) -> PythonDate {
        let (result, overflow) = ordinal.addingReportingOverflow(days)
        guard !overflow else { throw TemplateError(.overflow, "date value out of range") }
        return try PythonDate(ordinal: result)
    }

    // MARK: Calendar arithmetic (the algorithms of CPython's `_datetimemodule.c`)

    static let maxOrdinal = 3_652_059  // 9999-12-31

    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static let daysBeforeMonthTable = [0, 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]

    static func daysBeforeMonth(_ year: Int, _ month: Int) -> Int {
        daysBeforeMonthTable[month] + (month > 2 && isLeap(year) ? 1 : 0)
    }

    static func daysBeforeYear(_ year: Int) -> Int {
        let y = year - 1
        return y * 365 + y / 4 - y / 100 + y / 400
    }

    static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int {
        daysBeforeYear(year) + daysBeforeMonth(year, month) + day
    }

    static func civil(fromOrdinal ordinal: Int) -> (Int, Int, Int) {
        var n = ordinal - 1
        let n400 = n / 146_097
        n %= 146_097
        var year = n400 * 400 + 1
        let n100 = n / 36_524
        n %= 36_524
        let n4 = n / 1_461
        n %= 1_461
        let n1 = n / 365
        n %= 365
        year += n100 * 100 + n4 * 4 + n1
        if n1 == 4 || n100 == 4 { return (year - 1, 12, 31) }
        let leap = n1 == 3 && (n4 != 24 || n100 == 3)
        var month = (n + 50) >> 5
        var preceding = daysBeforeMonthTable[month] + (month > 2 && leap ? 1 : 0)
        if preceding > n {
            month -= 1
            preceding -= daysInMonth(year, month)
        }
        return (year, month, n - preceding + 1)
    }

    static func isoWeek1Monday(_ year: Int) -> Int {
        let firstDay = ordinal(year, 1, 1)
        let firstWeekday = (firstDay + 6) % 7
        var week1Monday = firstDay - firstWeekday
        if firstWeekday > 3 { week1Monday += 7 }
        return week1Monday
    }
}

/// `value` in decimal, zero-padded on the left to `width` digits (a minus sign counts apart).
func pad(_ value: Int, _ width: Int) -> String {
    let digits = String(value.magnitude)
    let padded = digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    return value < 0 ? "-" + padded : padded
}
