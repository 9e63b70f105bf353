import Foundation

extension DuckDBValue {
    /// The value as DuckDB's `CAST(value AS VARCHAR)` spells it: `2024-05-01`,
    /// `2024-05-01 12:30:00.25+00` (time zones in UTC), `[1, 2]`, `{'a': 1}`;
    /// `NULL` for null.
    public var text: String {
        switch self {
        case .null: "NULL"
        case .boolean(let value): value ? "true" : "false"
        case .integer(let value): String(value)
        case .unsignedBigInt(let value): String(value)
        case .hugeInt(let value): String(value)
        case .unsignedHugeInt(let value): String(value)
        case .double(let value): Self.text(of: value)
        case .decimal(let value): value.description
        case .varchar(let value): value
        case .blob(let bytes): Self.blobText(bytes)
        case .date(let days): Self.dateText(days: Int64(days))
        case .time(let micros): Self.timeText(micros: micros)
        case .timeWithTimeZone(let micros, let offset): Self.timeText(micros: micros) + Self.offsetText(seconds: offset)
        case .timestamp(let micros): Self.timestampText(micros: micros)
        case .timestampWithTimeZone(let micros): Self.timestampText(micros: micros) + "+00"
        case .interval(let months, let days, let micros): Self.intervalText(months: months, days: days, micros: micros)
        case .uuid(let uuid): uuid.uuidString.lowercased()
        case .list(let elements): "[" + elements.map(\.nestedText).joined(separator: ", ") + "]"
        case .structure(let fields): "{" + fields.map { "'\($0.name)': \($0.value.nestedText)" }.joined(separator: ", ") + "}"
        case .map(let entries): "{" + entries.map { "\($0.key.nestedText)=\($0.value.nestedText)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as JSON: numbers (exact for integers and decimals; `null` for
    /// NaN and infinities), `true`/`false`, `null`, arrays for lists, objects for
    /// structs and maps (keys as text), and strings for everything else, in the
    /// form ``text`` gives. A VARCHAR holding JSON is a string here: embed JSON
    /// columns' text yourself when the column type is ``DuckDBType/json``.
    public var jsonText: String {
        switch self {
        case .null: return "null"
        case .boolean, .integer, .unsignedBigInt, .hugeInt, .unsignedHugeInt, .decimal: return text
        case .double(let value): return value.isFinite ? text : "null"
        case .list(let elements): return "[" + elements.map(\.jsonText).joined(separator: ",") + "]"
        case .structure(let fields):
            return "{" + fields.map { Self.jsonString($0.name) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        case .map(let entries):
            return "{" + entries.map { Self.jsonString($0.key.text) + ":" + $0.value.jsonText }.joined(separator: ",") + "}"
        default: return Self.jsonString(text)
        }
    }

    /// `text` as a quoted JSON string.
    public static func jsonString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20: quoted += String(format: "\\u%04x", scalar.value)
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    /// Inside lists and structs DuckDB 1.5 quotes a string only when it would
    /// read ambiguously: `[a b, 'a,b', 'it\'s', '']`.
    private var nestedText: String {
        guard case .varchar(let value) = self else { return text }
        let special: Set<Character> = [",", "'", "\"", "[", "]", "{", "}", "(", ")", ":", "="]
        let quoted =
            value.isEmpty || value.lowercased() == "null" || value.first!.isWhitespace || value.last!.isWhitespace
            || value.contains(where: special.contains)
        return quoted ? "'" + value.replacingOccurrences(of: "'", with: "\\'") + "'" : value
    }

    private static func text(of value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        return String(value)
    }

    private static func blobText(_ bytes: [UInt8]) -> String {
        bytes.map { byte in
            (0x20..<0x7F).contains(byte) && byte != UInt8(ascii: "\\") ? String(UnicodeScalar(byte)) : String(format: "\\x%02X", byte)
        }.joined()
    }

    /// `yyyy-MM-dd` of a day count since 1970-01-01 (proleptic Gregorian; years before 1 as `(BC)`).
    private static func dateText(days: Int64) -> String {
        // Howard Hinnant's civil_from_days.
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        let body = String(format: "-%02lld-%02lld", month, day)
        return year > 0 ? String(format: "%04lld", year) + body : String(format: "%04lld", 1 - year) + body + " (BC)"
    }

    /// `HH:mm:ss`, then the fraction without trailing zeros when there is one.
    private static func timeText(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        var text = String(format: "%02lld:%02lld:%02lld", seconds / 3600, seconds / 60 % 60, seconds % 60)
        let fraction = micros % 1_000_000
        if fraction != 0 {
            var digits = String(format: "%06lld", fraction)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return text
    }

    private static func timestampText(micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        let days = micros >= 0 ? micros / perDay : (micros - perDay + 1) / perDay
        return dateText(days: days) + " " + timeText(micros: micros - days * perDay)
    }

    private static func offsetText(seconds: Int32) -> String {
        let magnitude = abs(Int(seconds))
        var text = (seconds < 0 ? "-" : "+") + String(format: "%02d", magnitude / 3600)
        if magnitude % 3600 != 0 { text += String(format: ":%02d", magnitude / 60 % 60) }
        return text
    }

    private static func intervalText(months: Int32, days: Int32, micros: Int64) -> String {
        var parts: [String] = []
        let (years, remainingMonths) = months.quotientAndRemainder(dividingBy: 12)
        if years != 0 { parts.append("\(years) year\(abs(years) == 1 ? "" : "s")") }
        if remainingMonths != 0 { parts.append("\(remainingMonths) month\(abs(remainingMonths) == 1 ? "" : "s")") }
        if days != 0 { parts.append("\(days) day\(abs(days) == 1 ? "" : "s")") }
        if micros != 0 || parts.isEmpty { parts.append((micros < 0 ? "-" : "") + timeText(micros: abs(micros))) }
        return parts.joined(separator: " ")
    }
}
