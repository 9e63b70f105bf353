/// A length of time, as Python's `datetime.timedelta`: normalized so that
/// `0 <= seconds < 86400` and `0 <= microseconds < 1_000_000`; `days` carries the sign.
public struct PythonTimedelta: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let days: Int
    public let seconds: Int
    public let microseconds: Int

    static let microsecondsPerDay: Int64 = 86_400_000_000
    static let maxDays = 999_999_999

    /// A timedelta of whole units, normalized as Python does; `OverflowError` beyond ±999999999 days.
    public init(
        days: Int = 0, seconds: Int = 0, microseconds: Int = 0, milliseconds: Int = 0,
        minutes: Int = 0, hours: Int = 0, weeks: Int = 0
    ) throws(TemplateError) {
        var totalDays = days + weeks * 7
        var micros = Int64(microseconds) + Int64(milliseconds) * 1_000
        micros += (Int64(seconds) + Int64(minutes) * 60 + Int64(hours) * 3_600) * 1_000_000
        totalDays += Int(floorDiv(micros, Self.microsecondsPerDay))
        micros = floorMod(micros, Self.microsecondsPerDay)
        try self.init(normalizedDays: totalDays, microsecondOfDay: micros)
    }

    init(normalizedDays days: Int, microsecondOfDay: Int64) throws(TemplateError) {
        guard abs(days) <= Self.maxDays else {
            throw TemplateError(.overflow, "days=\(days); must have magnitude <= 999999999")
        }
        self.days = days
        self.seconds = Int(microsecondOfDay / 1_000_000)
        self.microseconds = Int(microsecondOfDay % 1_000_000)
    }

    /// A timedelta from a possibly fractional number of each unit, rounding the total
    /// to whole microseconds half-to-even as Python does.
    public init(
        fractionalDays days: Double = 0, seconds: Double = 0, microseconds: Double = 0,
        milliseconds: Double = 0, minutes: Double = 0, hours: Double = 0,
        weeks: Double = 0
    ) throws(TemplateError) {
        // Whole days are kept apart from the fractions so large day counts stay exact.
        let allDays = days + weeks * 7
        let wholeDays = allDays.rounded(.towardZero)
        var micros = (allDays - wholeDays) * 86_400e6
        micros += (seconds + minutes * 60 + hours * 3_600) * 1e6 + milliseconds * 1e3 + microseconds
        micros = micros.rounded(.toNearestOrEven)
        guard wholeDays.isFinite, micros.isFinite, abs(wholeDays) < 1e10, abs(micros) < 9e18 else {
            throw TemplateError(.overflow, "cannot convert float infinity or a huge value to a timedelta")
        }
        var totalDays = Int(wholeDays)
        var remaining = Int64(micros)
        totalDays += Int(floorDiv(remaining, Self.microsecondsPerDay))
        remaining = floorMod(remaining, Self.microsecondsPerDay)
        try self.init(normalizedDays: totalDays, microsecondOfDay: remaining)
    }

    /// The microseconds within the day: `seconds * 1_000_000 + microseconds`.
    var microsecondOfDay: Int64 { Int64(seconds) * 1_000_000 + Int64(microseconds) }

    /// The whole length in microseconds, as a double (exact up to 2^53).
    var totalMicroseconds: Double { Double(days) * 86_400e6 + Double(microsecondOfDay) }

    /// The length in seconds, as `timedelta.total_seconds()`.
    public var totalSeconds: Double {
        // Python divides the exact integer count of microseconds by 10**6, rounding once.
        let (micros, overflow) = Int64(days).multipliedReportingOverflow(by: Self.microsecondsPerDay)
        if !overflow, case (let sum, false) = micros.addingReportingOverflow(microsecondOfDay) {
            return Double(sum) / 1e6
        }
        return totalMicroseconds / 1e6
    }

    /// No time at all.
    public static let zero = PythonTimedelta(rawDays: 0, seconds: 0, microseconds: 0)

    private init(rawDays: Int, seconds: Int, microseconds: Int) {
        self.days = rawDays
        self.seconds = seconds
        self.microseconds = microseconds
    }

    /// `1 day, 2:03:04.500000`, as `str(timedelta)`.
    public var description: String {
        let hours = seconds / 3_600
        let minutes = seconds % 3_600 / 60
        var text = "\(hours):\(pad(minutes, 2)):\(pad(seconds % 60, 2))"
        if days != 0 { text = "\(days) day\(abs(days) != 1 ? "s" : ""), " + text }
        if microseconds != 0 { text += ".\(pad(microseconds, 6))" }
        return text
    }

    /// `datetime.timedelta(days=1, seconds=5)`, as `repr(timedelta)`.
    public var pythonRepr: String {
        var parts: [String] = []
        if days != 0 { parts.append("days=\(days)") }
        if seconds != 0 { parts.append("seconds=\(seconds)") }
        if microseconds != 0 { parts.append("microseconds=\(microseconds)") }
        return "datetime.timedelta(\(parts.isEmpty ? "0" : parts.joined(separator: ", ")))"
    }

    public static func < (lhs: PythonTimedelta, rhs: PythonTimedelta) -> Bool {
        (lhs.days, lhs.microsecondOfDay) < (rhs.days, rhs.microsecondOfDay)
    }

    public static func + (lhs: PythonTimedelta, rhs: PythonTimedelta) throws(TemplateError) -> PythonTimedelta {
        var micros = lhs.microsecondOfDay + rhs.microsecondOfDay
        var days = lhs.days + rhs.days
        if micros >= microsecondsPerDay {
            micros -= microsecondsPerDay
            days += 1
        }
        return try PythonTimedelta(normalizedDays: days, microsecondOfDay: micros)
    }

    public static prefix func - (value: PythonTimedelta) throws(TemplateError) -> PythonTimedelta {
        if value.microsecondOfDay == 0 { return try PythonTimedelta(normalizedDays: -value.days, microsecondOfDay: 0) }
        return try PythonTimedelta(normalizedDays: -value.days - 1, microsecondOfDay: microsecondsPerDay - value.microsecondOfDay)
    }

    public static func - (lhs: PythonTimedelta, rhs: PythonTimedelta) throws(TemplateError) -> PythonTimedelta {
        try lhs + (try -rhs)
    }

    /// `timedelta * int`.
    func multiplied(by factor: Int) throws(TemplateError) -> PythonTimedelta {
        let (dayMicros, o1) = Int64(days).multipliedReportingOverflow(by: Self.microsecondsPerDay)
        let (total, o2) = dayMicros.addingReportingOverflow(microsecondOfDay)
        let (product, o3) = total.multipliedReportingOverflow(by: Int64(factor))
        guard !o1, !o2, !o3 else {
            return try PythonTimedelta(
                fractionalDays: Double(days) * Double(factor), microseconds: Double(microsecondOfDay) * Double(factor))
        }
        return try PythonTimedelta(
            normalizedDays: Int(floorDiv(product, Self.microsecondsPerDay)),
            microsecondOfDay: floorMod(product, Self.microsecondsPerDay))
    }

    /// `timedelta * float` and `timedelta / float`: the microsecond count scaled, rounded half-to-even.
    func scaled(by factor: Double) throws(TemplateError) -> PythonTimedelta {
        try PythonTimedelta(fractionalDays: 0, microseconds: totalMicroseconds * factor)
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

func floorMod(_ a: Int64, _ b: Int64) -> Int64 {
    let r = a % b
    return (r != 0 && (r < 0) != (b < 0)) ? r + b : r
}

func floorDiv(_ a: Int, _ b: Int) -> Int { Int(floorDiv(Int64(a), Int64(b))) }
func floorMod(_ a: Int, _ b: Int) -> Int { Int(floorMod(Int64(a), Int64(b))) }
