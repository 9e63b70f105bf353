/// A date and time, as Python's `datetime.datetime`: wall-clock fields to the
/// microsecond and an optional fixed-offset time zone (`nil` is a naive datetime).
///
/// Aware datetimes compare and subtract by the instant they denote; arithmetic with
/// a timedelta moves the wall clock and keeps the zone, as in Python. A naive
/// datetime's `timestamp()` and `%s` read the wall clock as UTC (the Airbyte
/// containers and the CDK's own tests run with `TZ=UTC`).
public struct PythonDatetime: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let date: PythonDate
    public let hour: Int
    public let minute: Int
    public let second: Int
    public let microsecond: Int
    /// The zone; `nil` for a naive datetime.
    public let timeZone: PythonTimeZone?

    public var year: Int { date.year }
    public var month: Int { date.month }
    public var day: Int { date.day }

    /// The datetime, or a `ValueError` when a field is out of range.
    public init(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0,
        microsecond: Int = 0, timeZone: PythonTimeZone? = nil
    ) throws(TemplateError) {
        let date = try PythonDate(year: year, month: month, day: day)
        try self.init(date: date, hour: hour, minute: minute, second: second, microsecond: microsecond, timeZone: timeZone)
    }

    /// The datetime at `time` on `date`, or a `ValueError` when a field is out of range.
    public init(
        date: PythonDate, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0,
        timeZone: PythonTimeZone? = nil
    ) throws(TemplateError) {
        guard (0...23).contains(hour) else { throw .value("hour must be in 0..23") }
        guard (0...59).contains(minute) else { throw .value("minute must be in 0..59") }
        guard (0...59).contains(second) else { throw .value("second must be in 0..59") }
        guard (0...999_999).contains(microsecond) else { throw .value("microsecond must be in 0..999999") }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
        self.microsecond = microsecond
        self.timeZone = timeZone
    }

    /// The wall-clock time `epochMicroseconds` after 1970-01-01 00:00 UTC, seen in `timeZone`
    /// (UTC fields when `nil`, giving a naive datetime).
    public init(epochMicroseconds: Int64, timeZone: PythonTimeZone?) throws(TemplateError) {
        let local = epochMicroseconds + Int64(timeZone?.offsetSeconds ?? 0) * 1_000_000
        try self.init(wallMicroseconds: local + Self.epochWallMicroseconds, timeZone: timeZone)
    }

    /// From microseconds since 0001-01-01 00:00 on the wall clock.
    init(wallMicroseconds: Int64, timeZone: PythonTimeZone?) throws(TemplateError) {
        let day = floorDiv(wallMicroseconds, PythonTimedelta.microsecondsPerDay)
        let ofDay = floorMod(wallMicroseconds, PythonTimedelta.microsecondsPerDay)
        guard day + 1 >= 1, day + 1 <= Int64(PythonDate.maxOrdinal) else {
            throw TemplateError(.overflow, "date value out of range")
        }
        let (y, m, d) = PythonDate.civil(fromOrdinal: Int(day) + 1)
        self.date = PythonDate(unchecked: y, m, d)
        let seconds = Int(ofDay / 1_000_000)
        self.hour = seconds / 3_600
        self.minute = seconds % 3_600 / 60
        self.second = seconds % 60
        self.microsecond = Int(ofDay % 1_000_000)
        self.timeZone = timeZone
    }

    static let epochWallMicroseconds = Int64(PythonDate.ordinal(1970, 1, 1) - 1) * PythonTimedelta.microsecondsPerDay

    /// Microseconds since 0001-01-01 00:00 on the wall clock (ignoring the zone).
    var wallMicroseconds: Int64 {
        Int64(date.ordinal - 1) * PythonTimedelta.microsecondsPerDay
            + Int64(hour * 3_600 + minute * 60 + second) * 1_000_000 + Int64(microsecond)
    }

    /// Microseconds since the Unix epoch of the instant; a naive datetime is read as UTC.
    public var epochMicroseconds: Int64 {
        wallMicroseconds - Self.epochWallMicroseconds - Int64(timeZone?.offsetSeconds ?? 0) * 1_000_000
    }

    /// Whether the datetime has a zone.
    public var isAware: Bool { timeZone != nil }

    /// Seconds since the Unix epoch, as `datetime.timestamp()` (a naive datetime is read as UTC).
    public var timestamp: Double {
        let micros = epochMicroseconds
        if timeZone == nil {
            // Python reads a naive datetime with mktime: whole seconds, then `+ microsecond / 1e6`.
            return Double(floorDiv(micros, 1_000_000)) + Double(microsecond) / 1e6
        }
        // Python: (self - EPOCH) / timedelta(seconds=1), one correctly rounded division;
        // exact here within ±285 years of 1970 (beyond, it may differ in the last bit).
        if micros.magnitude < 1 << 53 { return Double(micros) / 1e6 }
        return Double(floorDiv(micros, 1_000_000)) + Double(floorMod(micros, 1_000_000)) / 1e6
    }

    // MARK: Arithmetic

    /// `datetime + timedelta`: the wall clock moves, the zone stays.
    public func adding(_ delta: PythonTimedelta) throws(TemplateError) -> PythonDatetime {
        let deltaMicros = Int64(delta.days) * PythonTimedelta.microsecondsPerDay + delta.microsecondOfDay
        let (sum, overflow) = wallMicroseconds.addingReportingOverflow(deltaMicros)
        guard !overflow else { throw TemplateError(.overflow, "date value out of range") }
        return try PythonDatetime(wallMicroseconds: sum, timeZone: timeZone)
    }

    /// `datetime - timedelta`.
    public func subtracting(_ delta: PythonTimedelta) throws(TemplateError) -> PythonDatetime {
        try adding(try -delta)
    }

    /// `self - other`: a `TypeError` when one is naive and the other aware.
    public func difference(_ other: PythonDatetime) throws(TemplateError) -> PythonTimedelta {
        guard isAware == other.isAware else {
            throw .type("can't subtract offset-naive and offset-aware datetimes")
        }
        let micros = epochMicroseconds - other.epochMicroseconds
        return try PythonTimedelta(
            normalizedDays: Int(floorDiv(micros, PythonTimedelta.microsecondsPerDay)),
            microsecondOfDay: floorMod(micros, PythonTimedelta.microsecondsPerDay))
    }

    /// Python's ordering: a `TypeError` between naive and aware datetimes.
    public func compare(_ other: PythonDatetime) throws(TemplateError) -> Int {
        guard isAware == other.isAware else {
            throw .type("can't compare offset-naive and offset-aware datetimes")
        }
        let (a, b) = (epochMicroseconds, other.epochMicroseconds)
        return a < b ? -1 : (a > b ? 1 : 0)
    }

    /// Python's equality: naive never equals aware; aware ones compare instants.
    public static func == (lhs: PythonDatetime, rhs: PythonDatetime) -> Bool {
        lhs.isAware == rhs.isAware && lhs.epochMicroseconds == rhs.epochMicroseconds
    }

    /// Orders by instant, reading a naive datetime as UTC (`compare(_:)` is Python's
    /// stricter ordering, which refuses to mix naive and aware).
    public static func < (lhs: PythonDatetime, rhs: PythonDatetime) -> Bool {
        lhs.epochMicroseconds < rhs.epochMicroseconds
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isAware)
        hasher.combine(epochMicroseconds)
    }

    /// The same wall clock with another zone (or none), as `replace(tzinfo=...)`.
    public func replacingTimeZone(_ zone: PythonTimeZone?) -> PythonDatetime {
        // The fields were already valid, so only the zone changes.
        (try? PythonDatetime(
            date: date, hour: hour, minute: minute, second: second, microsecond: microsecond,
            timeZone: zone)) ?? self
    }

    /// The same instant seen in `zone`, as `astimezone(zone)`; a naive datetime is read as UTC.
    public func converted(to zone: PythonTimeZone) throws(TemplateError) -> PythonDatetime {
        try PythonDatetime(epochMicroseconds: epochMicroseconds, timeZone: zone)
    }

    // MARK: Text

    /// As `datetime.isoformat(sep, timespec)`: `2024-01-31T12:00:00+00:00`.
    public func isoformat(separator: String = "T", timespec: String = "auto") throws(TemplateError) -> String {
        var text = date.isoformat + separator
        let hh = pad(hour, 2)
        let mm = pad(minute, 2)
        let ss = pad(second, 2)
        switch timespec {
        case "auto": text += "\(hh):\(mm):\(ss)" + (microsecond != 0 ? ".\(pad(microsecond, 6))" : "")
        case "hours": text += hh
        case "minutes": text += "\(hh):\(mm)"
        case "seconds": text += "\(hh):\(mm):\(ss)"
        case "milliseconds": text += "\(hh):\(mm):\(ss).\(pad(microsecond / 1_000, 3))"
        case "microseconds": text += "\(hh):\(mm):\(ss).\(pad(microsecond, 6))"
        default: throw .value("Unknown timespec value")
        }
        if let timeZone { text += PythonTimeZone.formatOffset(timeZone.offsetSeconds, separator: ":") }
        return text
    }

    /// `2024-01-31 12:00:00+00:00`, as `str(datetime)`.
    public var description: String {
        (try? isoformat(separator: " ")) ?? ""
    }

    /// `datetime.datetime(2024, 1, 31, 12, 0, tzinfo=datetime.timezone.utc)`, as `repr(datetime)`.
    public var pythonRepr: String {
        var fields = [year, month, day, hour, minute, second, microsecond]
        if fields.last == 0 { fields.removeLast() }
        if fields.last == 0 { fields.removeLast() }
        var text = "datetime.datetime(" + fields.map(String.init).joined(separator: ", ")
        if let timeZone { text += ", tzinfo=" + timeZone.pythonRepr }
        return text + ")"
    }
}
