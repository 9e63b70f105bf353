/// `dateutil.parser.isoparse`, what the CDK's `str_to_datetime` and
/// `format_datetime` use: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, `YYYYMMDD`, ISO weeks
/// (`2024-W05-3`) and ordinal days (`2024-032`), then any single separator and a
/// time `hh[:mm[:ss[.ffffff]]]` (or without colons), then `Z`, `±hh`, `±hhmm` or
/// `±hh:mm`. Fractions beyond microseconds are truncated; `24:00` is the next midnight.
enum ISOParser {
    static func parse(_ text: String) throws(TemplateError) -> PythonDatetime {
        guard text.unicodeScalars.allSatisfy(\.isASCII) else {
            throw .value("ISO-8601 strings should contain only ASCII characters")
        }
        let s = Array(text.utf8)
        var (components, pos) = try parseDate(s)
        var time = (hour: 0, minute: 0, second: 0, microsecond: 0, zone: PythonTimeZone?.none)
        if s.count > pos {
            time = try parseTime(Array(s[(pos + 1)...]))
        }
        if time.hour == 24 {
            let midnight = try PythonDatetime(year: components.0, month: components.1, day: components.2, timeZone: time.zone)
            return try midnight.adding(try PythonTimedelta(days: 1))
        }
        pos = 0
        return try PythonDatetime(
            year: components.0, month: components.1, day: components.2, hour: time.hour,
            minute: time.minute, second: time.second, microsecond: time.microsecond, timeZone: time.zone)
    }

    /// Python's `int()` of an ASCII slice (whitespace, sign and underscores allowed).
    private static func int(_ s: [UInt8], _ range: Range<Int>) throws(TemplateError) -> Int {
        let clamped = min(range.lowerBound, s.count)..<min(range.upperBound, s.count)
        if !clamped.isEmpty, s[clamped].allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            return s[clamped].reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        }
        let text = String(decoding: s[clamped], as: UTF8.self)
        guard case .int(let value)? = parsePythonInt(text, base: 10)?.storage else {
            throw .value("invalid literal for int() with base 10: \(JinjaValue.bytesRepr(Array(s[clamped])))")
        }
        return value
    }

    private static func parseDate(_ s: [UInt8]) throws(TemplateError) -> ((Int, Int, Int), Int) {
        do throws(TemplateError) {
            return try parseDateCommon(s)
        } catch {
            return try parseDateUncommon(s)
        }
    }

    private static let dash = UInt8(ascii: "-")

    private static func parseDateCommon(_ s: [UInt8]) throws(TemplateError) -> ((Int, Int, Int), Int) {
        guard s.count >= 4 else { throw .value("ISO string too short") }
        var components = (try int(s, 0..<4), 1, 1)
        var pos = 4
        if pos >= s.count { return (components, pos) }
        let hasSeparator = s[pos] == dash
        if hasSeparator { pos += 1 }
        guard s.count - pos >= 2 else { throw .value("Invalid common month") }
        components.1 = try int(s, pos..<(pos + 2))
        pos += 2
        if pos >= s.count {
            if hasSeparator { return (components, pos) }
            throw .value("Invalid ISO format")
        }
        if hasSeparator {
            guard s[pos] == dash else { throw .value("Invalid separator in ISO string") }
            pos += 1
        }
        guard s.count - pos >= 2 else { throw .value("Invalid common day") }
        components.2 = try int(s, pos..<(pos + 2))
        return (components, pos + 2)
    }

    private static func parseDateUncommon(_ s: [UInt8]) throws(TemplateError) -> ((Int, Int, Int), Int) {
        guard s.count >= 4 else { throw .value("ISO string too short") }
        let year = try int(s, 0..<4)
        let hasSeparator = s.count > 4 && s[4] == dash
        var pos = 4 + (hasSeparator ? 1 : 0)
        let base: PythonDate
        if pos < s.count, s[pos] == UInt8(ascii: "W") {
            pos += 1
            let week = try int(s, pos..<(pos + 2))
            pos += 2
            var dayNumber = 1
            if s.count > pos {
                guard (s[pos] == dash) == hasSeparator else { throw .value("Inconsistent use of dash separator") }
                pos += hasSeparator ? 1 : 0
                dayNumber = try int(s, pos..<(pos + 1))
                pos += 1
            }
            guard 0 < week && week < 54 else { throw .value("Invalid week: \(week)") }
            guard 0 < dayNumber && dayNumber < 8 else { throw .value("Invalid weekday: \(dayNumber)") }
            let jan4 = try PythonDate(year: year, month: 1, day: 4)
            let week1 = try jan4.adding(days: -(jan4.isoCalendar.weekday - 1))
            base = try week1.adding(days: (week - 1) * 7 + (dayNumber - 1))
        } else {
            guard s.count - pos >= 3 else { throw .value("Invalid ordinal day") }
            let ordinalDay = try int(s, pos..<(pos + 3))
            pos += 3
            guard ordinalDay >= 1, ordinalDay <= 365 + (PythonDate.isLeap(year) ? 1 : 0) else {
                throw .value("Invalid ordinal day \(ordinalDay) for year \(year)")
            }
            base = try PythonDate(year: year, month: 1, day: 1).adding(days: ordinalDay - 1)
        }
        return ((base.year, base.month, base.day), pos)
    }

    private static func parseTime(_ s: [UInt8]) throws(TemplateError) -> (
        hour: Int, minute: Int, second: Int, microsecond: Int, zone: PythonTimeZone?
    ) {
        var components = [0, 0, 0, 0]
        var zone: PythonTimeZone?
        var pos = 0
        var comp = -1
        guard s.count >= 2 else { throw .value("ISO time too short") }
        var hasSeparator = false
        while pos < s.count && comp < 5 {
            comp += 1
            if "-+Zz".utf8.contains(s[pos]) {
                zone = try parseZone(Array(s[pos...]))
                pos = s.count
                break
            }
            if comp == 1 && s[pos] == UInt8(ascii: ":") {
                hasSeparator = true
                pos += 1
            } else if comp == 2 && hasSeparator {
                guard s[pos] == UInt8(ascii: ":") else { throw .value("Inconsistent use of colon separator") }
                pos += 1
            }
            if comp < 3 {
                components[comp] = try int(s, pos..<(pos + 2))
                pos += 2
            }
            if comp == 3 {
                // `[.,]([0-9]+)`
                guard pos < s.count, s[pos] == UInt8(ascii: ".") || s[pos] == UInt8(ascii: ",") else { continue }
                var end = pos + 1
                while end < s.count, s[end] >= UInt8(ascii: "0"), s[end] <= UInt8(ascii: "9") { end += 1 }
                guard end > pos + 1 else { continue }
                let digits = String(decoding: s[(pos + 1)..<min(end, pos + 7)], as: UTF8.self)
                components[3] = (Int(digits) ?? 0) * Int(pow10(6 - digits.count))
                pos = end
            }
        }
        guard pos >= s.count else { throw .value("Unused components in ISO string") }
        if components[0] == 24, components[1...3].contains(where: { $0 != 0 }) {
            throw .value("Hour may only be 24 at 24:00:00.000")
        }
        return (components[0], components[1], components[2], components[3], zone)
    }

    private static func pow10(_ n: Int) -> Int { (0..<n).reduce(1) { r, _ in r * 10 } }

    private static func parseZone(_ s: [UInt8]) throws(TemplateError) -> PythonTimeZone {
        if s == Array("Z".utf8) || s == Array("z".utf8) { return .dateutilUTC }
        guard [3, 5, 6].contains(s.count) else { throw .value("Time zone offset must be 1, 3, 5 or 6 characters") }
        let sign: Int
        switch s[0] {
        case dash: sign = -1
        case UInt8(ascii: "+"): sign = 1
        default: throw .value("Time zone offset requires sign")
        }
        let hours = try int(s, 1..<3)
        let minutes = s.count == 3 ? 0 : try int(s, (s[3] == UInt8(ascii: ":") ? 4 : 3)..<s.count)
        if hours == 0 && minutes == 0 { return .dateutilUTC }
        guard minutes <= 59 else { throw .value("Invalid minutes in time zone offset") }
        guard hours <= 23 else { throw .value("Invalid hours in time zone offset") }
        return .dateutilOffset(sign * (hours * 60 + minutes) * 60)
    }
}
