/// Python's `strftime` on Linux: Python itself expands `%f`, `%z` and `%Z`, and
/// glibc the rest in the C locale, with its flags (`%-d`, `%_H`, `%^a`, `%#Z`, `%0e`)
/// and widths (`%10Y`). An unknown directive is copied as written, as glibc does.
///
/// `%s` is the epoch seconds of the wall-clock fields read as UTC (glibc reads them
/// in the process's zone; Airbyte runs in UTC).
enum Strftime {
    static let weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ]

    struct Fields {
        let date: PythonDate
        let hour: Int, minute: Int, second: Int, microsecond: Int
        let timeZone: PythonTimeZone?
    }

    static func format(_ datetime: PythonDatetime, _ format: String) -> String {
        self.format(
            Fields(
                date: datetime.date, hour: datetime.hour, minute: datetime.minute, second: datetime.second,
                microsecond: datetime.microsecond, timeZone: datetime.timeZone), format)
    }

    static func format(_ date: PythonDate, _ format: String) -> String {
        self.format(Fields(date: date, hour: 0, minute: 0, second: 0, microsecond: 0, timeZone: nil), format)
    }

    static func format(_ f: Fields, _ format: String) -> String {
        let scalars = Array(format.unicodeScalars)
        var out = ""
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            guard c == "%", i + 1 < scalars.count else {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            // Python's own directives come first, and only right after the `%`.
            switch scalars[i + 1] {
            case "f":
                out += pad(f.microsecond, 6)
                i += 2
                continue
            case "z":
                if let zone = f.timeZone { out += PythonTimeZone.formatOffset(zone.offsetSeconds, separator: "") }
                i += 2
                continue
            case "Z":
                if let zone = f.timeZone { out += zone.name ?? "" }
                i += 2
                continue
            default: break
            }
            // glibc: flags, width, E/O modifiers, conversion.
            var j = i + 1
            var padChar: Character? = nil
            var upper = false
            var swapCase = false
            flags: while j < scalars.count {
                switch scalars[j] {
                case "_": padChar = " "
                case "-": padChar = "\0"
                case "0": padChar = "0"
                case "^": upper = true
                case "#": swapCase = true
                default: break flags
                }
                j += 1
            }
            var width: Int?
            while j < scalars.count, ("0"..."9").contains(scalars[j]), let d = Int(String(scalars[j])) {
                width = (width ?? 0) * 10 + d
                j += 1
            }
            while j < scalars.count, scalars[j] == "E" || scalars[j] == "O" { j += 1 }
            guard j < scalars.count else {
                out += String(String.UnicodeScalarView(scalars[i...]))
                break
            }
            if let piece = conversion(scalars[j], f, padChar: padChar, width: width, upper: upper, swapCase: swapCase) {
                out += piece
            } else {
                out += String(String.UnicodeScalarView(scalars[i...j]))
            }
            i = j + 1
        }
        return out
    }

    /// One glibc conversion, or `nil` for an unknown one.
    private static func conversion(_ c: Unicode.Scalar, _ f: Fields, padChar: Character?, width: Int?, upper: Bool, swapCase: Bool)
        -> String?
    {
        let d = f.date
        func number(_ value: Int, _ digits: Int, _ defaultPad: Character = "0") -> String {
            let pad = padChar ?? defaultPad
            let text = String(value.magnitude)
            let target = width ?? digits
            let sign = value < 0 ? "-" : ""
            if pad == "\0" { return sign + text }
            let count = max(0, target - text.count - sign.count)
            return sign + String(repeating: pad, count: count) + text
        }
        func word(_ text: String, lowerOnSwap: Bool = false) -> String {
            var result = text
            if upper { result = result.uppercased() }
            if swapCase { result = lowerOnSwap ? result.lowercased() : result.uppercased() }
            if let width, width > result.count {
                let pad = padChar == "0" ? "0" : " "
                result = String(repeating: pad, count: width - result.count) + result
            }
            return result
        }
        func composite(_ text: String) -> String {
            var result = upper ? text.uppercased() : text
            if let width, width > result.count {
                result = String(repeating: padChar == "0" ? "0" : " ", count: width - result.count) + result
            }
            return result
        }
        let weekday = d.weekday  // Monday 0
        let hour12 = f.hour % 12 == 0 ? 12 : f.hour % 12
        var iso: (year: Int, week: Int, weekday: Int) { d.isoCalendar }
        switch c {
        case "a": return word(String(weekdayNames[weekday].prefix(3)))
        case "A": return word(weekdayNames[weekday])
        case "b", "h": return word(String(monthNames[d.month - 1].prefix(3)))
        case "B": return word(monthNames[d.month - 1])
        case "c":
            return composite(format(f, "%a %b %e %H:%M:%S %Y"))
        case "C": return number(floorDiv(d.year, 100), d.year >= 1000 ? 2 : 1)
        case "d": return number(d.day, 2)
        case "D": return composite(format(f, "%m/%d/%y"))
        case "e": return number(d.day, 2, " ")
        case "F":
            return composite(number(d.year, 1) + "-" + pad(d.month, 2) + "-" + pad(d.day, 2))
        case "g": return number(floorMod(iso.year, 100), 2)
        case "G": return number(iso.year, 1)
        case "H": return number(f.hour, 2)
        case "I": return number(hour12, 2)
        case "j": return number(d.dayOfYear, 3)
        case "k": return number(f.hour, 2, " ")
        case "l": return number(hour12, 2, " ")
        case "m": return number(d.month, 2)
        case "M": return number(f.minute, 2)
        case "n": return "\n"
        case "p": return word(f.hour < 12 ? "AM" : "PM", lowerOnSwap: true)
        case "P": return word(f.hour < 12 ? "am" : "pm")
        case "r": return composite(format(f, "%I:%M:%S %p"))
        case "R": return composite(format(f, "%H:%M"))
        case "s":
            let seconds = Int64(d.ordinal - PythonDate.ordinal(1970, 1, 1)) * 86_400 + Int64(f.hour * 3_600 + f.minute * 60 + f.second)
            return number(Int(seconds), 1)
        case "S": return number(f.second, 2)
        case "t": return "\t"
        case "T": return composite(format(f, "%H:%M:%S"))
        case "u": return number(weekday + 1, 1)
        case "U": return number((d.dayOfYear - 1 + 7 - (weekday + 1) % 7) / 7, 2)
        case "V": return number(iso.week, 2)
        case "w": return number((weekday + 1) % 7, 1)
        case "W": return number((d.dayOfYear - 1 + 7 - weekday) / 7, 2)
        case "x": return composite(format(f, "%m/%d/%y"))
        case "X": return composite(format(f, "%H:%M:%S"))
        case "y": return number(floorMod(d.year, 100), 2)
        case "Y": return number(d.year, 1)
        case "%": return "%"
        case "+": return nil
        // Reached only with flags (`%-z`, `%^Z`): glibc formats the time tuple Python
        // hands it, which carries no zone: offset zero, no name.
        case "z": return "+0000"
        case "Z": return word("", lowerOnSwap: true)
        default: return nil
        }
    }
}
