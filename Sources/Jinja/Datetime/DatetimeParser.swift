/// The Airbyte CDK's `DatetimeParser`: Python `strptime`/`strftime` formats plus the
/// CDK's own `%s` (epoch seconds), `%s_as_float`, `%ms` (epoch milliseconds),
/// `%epoch_microseconds` and `%_ms` (three-digit milliseconds). The declarative
/// engine's cursors format and parse with these; templates reach them through
/// `format_datetime`.
public enum DatetimeParser {
    /// The CDK's epoch formats, which are a whole format each and are not `strptime`'s
    /// (`%ms` is not `%m` followed by an `s`).
    public static let epochFormats: Set<String> = ["%s", "%s_as_float", "%ms", "%epoch_microseconds"]

    /// Parses `text` with one CDK format, as `DatetimeParser().parse(text, format)`.
    /// A result without a zone is taken as UTC. `%s`, `%s_as_float`, `%ms` and
    /// `%epoch_microseconds` must be the whole format.
    public static func parse(_ text: String, format: String) throws(TemplateError) -> PythonDatetime {
        switch format {
        case "%s":
            return try fromTimestamp(seconds: try integer(text))
        case "%s_as_float":
            guard let seconds = parsePythonFloat(text) else {
                throw .value("could not convert string to float: \(JinjaValue.stringRepr(text))")
            }
            return try fromTimestamp(seconds)
        case "%epoch_microseconds":
            return try PythonDatetime(epochMicroseconds: Int64(try integer(text)), timeZone: .utc)
        case "%ms":
            let (micros, overflow) = Int64(try integer(text)).multipliedReportingOverflow(by: 1_000)
            guard !overflow else { throw TemplateError(.overflow, "date value out of range") }
            return try PythonDatetime(epochMicroseconds: micros, timeZone: .utc)
        default:
            let pythonFormat = format.containsText("%_ms") ? format.replacingAll("%_ms", with: "%f") : format
            let parsed = try Strptime.parse(text, pythonFormat)
            return parsed.timeZone == nil ? parsed.replacingTimeZone(.utc) : parsed
        }
    }

    /// Parses with the first of `formats` that accepts `text`, as the CDK's cursors do
    /// with `cursor_datetime_formats` (the error is the last format's).
    public static func parse(_ text: String, formats: [String]) throws(TemplateError) -> PythonDatetime {
        var lastError = TemplateError(.valueError, "no datetime formats given")
        for format in formats {
            do throws(TemplateError) {
                return try parse(text, format: format)
            } catch {
                lastError = error
            }
        }
        throw lastError
    }

    /// Formats `datetime` with one CDK format, as `DatetimeParser().format(dt, format)`.
    public static func format(_ datetime: PythonDatetime, format: String) -> String {
        switch format {
        case "%s": return String(Int64(datetime.timestamp.rounded(.towardZero)))
        case "%s_as_float": return JinjaValue.floatRepr(datetime.timestamp)
        case "%epoch_microseconds": return truncatedInteger(datetime.timestamp * 1_000_000)
        case "%ms": return truncatedInteger(datetime.timestamp * 1_000)
        default:
            guard format.containsText("%_ms") else { return Strftime.format(datetime, format) }
            let formatted = Strftime.format(datetime, format.replacingAll("%_ms", with: "%f"))
            // The CDK replaces every occurrence of the six microsecond digits.
            return formatted.replacingAll(pad(datetime.microsecond, 6), with: pad(datetime.microsecond / 1_000, 3))
        }
    }

    /// `dateutil.parser.isoparse(text)` (naive unless the text has a zone), which the
    /// CDK uses for OAuth expiry dates and `str_to_datetime`.
    public static func isoparse(_ text: String) throws(TemplateError) -> PythonDatetime {
        try ISOParser.parse(text)
    }

    /// `datetime.fromtimestamp(seconds, tz=timezone.utc)` for whole seconds.
    static func fromTimestamp(seconds: Int) throws(TemplateError) -> PythonDatetime {
        // Every Int fits a time_t: out of range is the year's fault, a ValueError.
        guard let micros = try? epochMicroseconds(seconds: seconds) else { throw .value("year is out of range") }
        do throws(TemplateError) {
            return try PythonDatetime(epochMicroseconds: micros, timeZone: .utc)
        } catch {
            throw .value("year is out of range")
        }
    }

    /// `datetime.fromtimestamp(seconds, tz=timezone.utc)`, microseconds rounded half to even.
    public static func fromTimestamp(_ seconds: Double) throws(TemplateError) -> PythonDatetime {
        guard seconds.isFinite else { throw .value("cannot convert float \(seconds.isNaN ? "NaN" : "infinity") to integer") }
        guard abs(seconds) < 9e12 else {
            throw abs(seconds) < 9.2e18
                ? .value("year is out of range") : TemplateError(.overflow, "timestamp out of range for platform time_t")
        }
        var whole = seconds.rounded(.towardZero)
        var fraction = ((seconds - whole) * 1e6).rounded(.toNearestOrEven)
        if fraction >= 1e6 {
            fraction -= 1e6
            whole += 1
        } else if fraction < 0 {
            fraction += 1e6
            whole -= 1
        }
        do throws(TemplateError) {
            return try PythonDatetime(epochMicroseconds: Int64(whole) * 1_000_000 + Int64(fraction), timeZone: .utc)
        } catch {
            throw .value("year is out of range")
        }
    }

    private static func integer(_ text: String) throws(TemplateError) -> Int {
        guard case .int(let value)? = parsePythonInt(text, base: 10)?.storage else {
            throw .value("invalid literal for int() with base 10: \(JinjaValue.stringRepr(text))")
        }
        return value
    }

    private static func epochMicroseconds(seconds: Int) throws(TemplateError) -> Int64 {
        let (micros, overflow) = Int64(seconds).multipliedReportingOverflow(by: 1_000_000)
        guard !overflow else { throw TemplateError(.overflow, "timestamp out of range for platform time_t") }
        return micros
    }

    private static func truncatedInteger(_ value: Double) -> String {
        if let exact = Int64(exactly: value.rounded(.towardZero)) { return String(exact) }
        return JinjaValue.integerFromDouble(value.rounded(.towardZero)).description
    }
}

extension PythonDatetime {
    /// Python `strftime` (glibc directives, C locale; see ``DatetimeParser`` for the CDK's own).
    public func strftime(_ format: String) -> String { Strftime.format(self, format) }

    /// Python `datetime.strptime(text, format)`: naive unless the format has `%z`.
    public static func strptime(_ text: String, _ format: String) throws(TemplateError) -> PythonDatetime {
        try Strptime.parse(text, format)
    }

    /// `dateutil.parser.isoparse(text)`: naive unless the text has a zone.
    public static func isoparse(_ text: String) throws(TemplateError) -> PythonDatetime {
        try ISOParser.parse(text)
    }
}

extension PythonDate {
    /// Python `date.strftime`.
    public func strftime(_ format: String) -> String { Strftime.format(self, format) }
}

extension String {
    /// Whether `needle` occurs, comparing UTF-8 bytes (Unicode scalars exactly, as Python's `in`).
    func containsText(_ needle: String) -> Bool {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty else { return true }
                guard h.count >= n.count else { return false }
                let first = n[0]
                var i = 0
                while i <= h.count - n.count {
                    if h[i] == first {
                        var j = 1
                        while j < n.count, h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    /// Every occurrence of `target` replaced, matching Unicode scalars exactly.
    func replacingAll(_ target: String, with replacement: String) -> String {
        StringMethods.replace(self, target, replacement, count: -1)
    }
}
