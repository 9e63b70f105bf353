import Synchronization

/// Python's `datetime.strptime` (`_strptime.py`, C locale, `TZ=UTC`): the format
/// becomes a case-insensitive pattern whose directives match as Python's regular
/// expressions do (alternatives in order, with backtracking); the first match must
/// cover the whole string, else "unconverted data remains".
enum Strptime {
    private enum Element: Sendable {
        case literal(Unicode.Scalar)
        case whitespace
        case directive(Character)
    }

    static func parse(_ text: String, _ format: String) throws(TemplateError) -> PythonDatetime {
        let (elements, fixedWidth) = try compiled(format)
        if let fixedWidth, let datetime = parseFixedWidth(text, fixedWidth) { return datetime }
        return try parse(text, format, elements)
    }

    /// `parse` without the fixed-width shortcut: the regular expressions' matching, for any format.
    static func parseMatching(_ text: String, _ format: String) throws(TemplateError) -> PythonDatetime {
        try parse(text, format, try compiled(format).0)
    }

    private static func parse(_ text: String, _ format: String, _ elements: [Element]) throws(TemplateError) -> PythonDatetime {
        let input = Array(text.unicodeScalars)
        var captures = Captures()
        guard let end = match(elements, 0, input, 0, &captures) else {
            throw .value("time data \(JinjaValue.stringRepr(text)) does not match format \(JinjaValue.stringRepr(format))")
        }
        if end != input.count {
            throw .value("unconverted data remains: \(String(String.UnicodeScalarView(input[end...])))")
        }
        return try build(captures, input)
    }

    /// Compiled formats: a cursor parses every record's value with the same few formats.
    private static let cache = Mutex<[String: ([Element], [FixedWidthStep]?)]>([:])

    private static func compiled(_ format: String) throws(TemplateError) -> ([Element], [FixedWidthStep]?) {
        if let compiled = cache.withLock({ $0[format] }) { return compiled }
        let elements = try compile(format)
        let compiled = (elements, fixedWidthSteps(elements))
        cache.withLock { cache in
            if cache.count >= 64 { cache.removeAll() }
            cache[format] = compiled
        }
        return compiled
    }

    // MARK: Fixed-width formats

    /// A step of a format such as `%Y-%m-%dT%H:%M:%S.%fZ`, read straight from the UTF-8 bytes.
    private enum FixedWidthStep: Sendable {
        /// An ASCII character, lowercased (literals match ignoring case).
        case literal(UInt8)
        /// `%Y`, `%m`, `%d`, `%H`, `%M`, `%S` (their two-digit alternatives) or `%f`.
        case field(UInt8)
    }

    /// The steps of a format made only of ASCII literals and `%Y %m %d %H %M %S %f` (with `%Y`),
    /// or `nil` for any other format.
    private static func fixedWidthSteps(_ elements: [Element]) -> [FixedWidthStep]? {
        var steps: [FixedWidthStep] = []
        var hasYear = false
        for element in elements {
            switch element {
            case .literal(let scalar):
                guard scalar.isASCII, !isPythonWhitespace(scalar) else { return nil }
                steps.append(.literal(lowercasedASCII(UInt8(scalar.value))))
            case .directive(let directive):
                guard let ascii = directive.asciiValue, "YmdHMSf".utf8.contains(ascii) else { return nil }
                hasYear = hasYear || directive == "Y"
                steps.append(.field(ascii))
            case .whitespace:
                return nil
            }
        }
        return hasYear ? steps : nil
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }

    /// `text` read with a fixed-width format when every field takes the alternative the
    /// regular expression tries first (four digits for `%Y`, two in range for the others,
    /// up to six for `%f`) and the format ends where the text does: then that is the match
    /// `strptime` finds. `nil` for anything else (a one-digit day, non-ASCII digits, an
    /// invalid date), which the general matcher decides.
    private static func parseFixedWidth(_ text: String, _ steps: [FixedWidthStep]) -> PythonDatetime? {
        var text = text
        return text.withUTF8 { bytes -> PythonDatetime? in
            var position = 0
            var fields = (year: 0, month: 1, day: 1, hour: 0, minute: 0, second: 0, microsecond: 0)
            func digits(_ count: Int) -> Int? {
                guard position + count <= bytes.count else { return nil }
                var value = 0
                for offset in 0..<count {
                    let digit = bytes[position + offset] &- 0x30
                    guard digit < 10 else { return nil }
                    value = value * 10 + Int(digit)
                }
                position += count
                return value
            }
            for step in steps {
                switch step {
                case .literal(let expected):
                    guard position < bytes.count, lowercasedASCII(bytes[position]) == expected else { return nil }
                    position += 1
                case .field(UInt8(ascii: "Y")):
                    guard let year = digits(4) else { return nil }
                    fields.year = year
                case .field(UInt8(ascii: "m")):
                    guard let month = digits(2), (1...12).contains(month) else { return nil }
                    fields.month = month
                case .field(UInt8(ascii: "d")):
                    guard let day = digits(2), (1...31).contains(day) else { return nil }
                    fields.day = day
                case .field(UInt8(ascii: "H")):
                    guard let hour = digits(2), hour <= 23 else { return nil }
                    fields.hour = hour
                case .field(UInt8(ascii: "M")):
                    guard let minute = digits(2), minute <= 59 else { return nil }
                    fields.minute = minute
                case .field(UInt8(ascii: "S")):
                    guard let second = digits(2), second <= 59 else { return nil }
                    fields.second = second
                case .field(_):  // %f: one to six digits, as many as there are
                    var count = 0
                    while count < 6, position + count < bytes.count, bytes[position + count] &- 0x30 < 10 { count += 1 }
                    guard count > 0, var fraction = digits(count) else { return nil }
                    for _ in count..<6 { fraction *= 10 }
                    fields.microsecond = fraction
                }
            }
            guard position == bytes.count else { return nil }
            return try? PythonDatetime(
                year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute,
                second: fields.second, microsecond: fields.microsecond, timeZone: nil)
        }
    }

    private static func compile(_ format: String) throws(TemplateError) -> [Element] {
        let scalars = Array(format.unicodeScalars)
        var elements: [Element] = []
        var seen: Set<Character> = []
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "%" {
                guard i + 1 < scalars.count else { throw .value("stray % in format '\(format)'") }
                let d = Character(scalars[i + 1])
                i += 2
                switch d {
                case "%": elements.append(.literal("%"))
                case "c": elements += try compile("%a %b %d %H:%M:%S %Y")
                case "x": elements += try compile("%m/%d/%y")
                case "X": elements += try compile("%H:%M:%S")
                default:
                    guard directives.contains(d) else { throw .value("'\(d)' is a bad directive in format '\(format)'") }
                    guard seen.insert(d).inserted else {
                        throw TemplateError(.patternError, "redefinition of group name '\(d)' in format '\(format)'")
                    }
                    elements.append(.directive(d))
                }
                continue
            }
            if isPythonWhitespace(c) {
                while i < scalars.count, isPythonWhitespace(scalars[i]) { i += 1 }
                elements.append(.whitespace)
                continue
            }
            elements.append(.literal(c))
            i += 1
        }
        return elements
    }

    private static let directives: Set<Character> = [
        "d", "f", "H", "I", "G", "j", "m", "M", "S", "U", "W", "w", "u", "V", "y", "Y", "z",
        "A", "a", "B", "b", "p", "Z",
    ]

    /// The first way (in regex preference order) `elements[k...]` matches at `pos`, as the end offset.
    private static func match(
        _ elements: [Element], _ k: Int, _ input: [Unicode.Scalar], _ pos: Int,
        _ captures: inout Captures
    ) -> Int? {
        guard k < elements.count else { return pos }
        switch elements[k] {
        case .literal(let c):
            guard pos < input.count, sameIgnoringCase(input[pos], c) else { return nil }
            return match(elements, k + 1, input, pos + 1, &captures)
        case .whitespace:
            var end = pos
            while end < input.count, isPythonWhitespace(input[end]) { end += 1 }
            guard end > pos else { return nil }
            // `\s+` is greedy: try the longest run first.
            for stop in stride(from: end, to: pos, by: -1) {
                if let result = match(elements, k + 1, input, stop, &captures) { return result }
            }
            return nil
        case .directive(let d):
            for length in candidates(d, input, pos) {
                captures[d] = pos..<(pos + length)
                if let result = match(elements, k + 1, input, pos + length, &captures) { return result }
            }
            captures[d] = nil
            return nil
        }
    }

    private static func sameIgnoringCase(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        if a == b { return true }
        if a.isASCII && b.isASCII {
            // ASCII letters differ in case by 0x20 only.
            let lower = { (s: Unicode.Scalar) in (0x41...0x5A).contains(s.value) ? s.value + 0x20 : s.value }
            return lower(a) == lower(b)
        }
        return String(a).lowercased() == String(b).lowercased()
    }

    private static func isDigit(_ input: [Unicode.Scalar], _ i: Int) -> Bool {
        guard i < input.count else { return false }
        let scalar = input[i]
        // ASCII first; `\d` also matches the other Unicode decimal digits.
        if scalar.isASCII { return (0x30...0x39).contains(scalar.value) }
        return scalar.properties.numericType == .decimal
    }

    private static func digit(_ input: [Unicode.Scalar], _ i: Int, _ allowed: ClosedRange<Int>) -> Bool {
        guard isDigit(input, i) else { return false }
        let scalar = input[i]
        if scalar.isASCII { return allowed.contains(Int(scalar.value) - 0x30) }
        guard let value = scalar.properties.numericValue else { return false }
        return allowed.contains(Int(value))
    }

    /// Alternatives of a digits pattern: each is a list of allowed digit ranges
    /// (`nil` for a literal space).
    private static func alternatives(_ patterns: [[ClosedRange<Int>?]], _ input: [Unicode.Scalar], _ pos: Int) -> [Int] {
        var lengths: [Int] = []
        for pattern in patterns {
            var ok = true
            for (offset, range) in pattern.enumerated() {
                if let range {
                    if !digit(input, pos + offset, range) {
                        ok = false
                        break
                    }
                } else if !(pos + offset < input.count && input[pos + offset] == " ") {
                    ok = false
                    break
                }
            }
            if ok { lengths.append(pattern.count) }
        }
        return lengths
    }

    private static let any: ClosedRange<Int> = 0...9

    /// What each directive (an ASCII letter) matched, as a range of the input.
    private struct Captures {
        private var ranges = [Range<Int>?](repeating: nil, count: 128)

        subscript(directive: Character) -> Range<Int>? {
            get { directive.asciiValue.flatMap { ranges[Int($0)] } }
            set { if let ascii = directive.asciiValue { ranges[Int(ascii)] = newValue } }
        }

        var members: [(Character, Range<Int>)] {
            ranges.indices.compactMap { index in ranges[index].map { (Character(Unicode.Scalar(UInt8(index))), $0) } }
        }
    }

    /// Each digits directive's alternatives (`_strptime`'s regular expressions), built once.
    private enum Patterns {
        static let day: [[ClosedRange<Int>?]] = [[3...3, 0...1], [1...2, any], [0...0, 1...9], [1...9], [nil, 1...9]]
        static let hour: [[ClosedRange<Int>?]] = [[2...2, 0...3], [0...1, any], [any]]
        static let hour12: [[ClosedRange<Int>?]] = [[1...1, 0...2], [0...0, 1...9], [1...9]]
        static let year: [[ClosedRange<Int>?]] = [[any, any, any, any]]
        static let dayOfYear: [[ClosedRange<Int>?]] = [
            [3...3, 6...6, 0...6], [3...3, 0...5, any], [1...2, any, any], [0...0, 1...9, any], [0...0, 0...0, 1...9],
            [1...9, any], [0...0, 1...9], [1...9],
        ]
        static let month: [[ClosedRange<Int>?]] = [[1...1, 0...2], [0...0, 1...9], [1...9]]
        static let minute: [[ClosedRange<Int>?]] = [[0...5, any], [any]]
        static let second: [[ClosedRange<Int>?]] = [[6...6, 0...1], [0...5, any], [any]]
        static let week: [[ClosedRange<Int>?]] = [[5...5, 0...3], [0...4, any], [any]]
        static let isoWeek: [[ClosedRange<Int>?]] = [[5...5, 0...3], [0...0, 1...9], [1...4, any], [any]]
        static let weekdayFromSunday: [[ClosedRange<Int>?]] = [[0...6]]
        static let weekdayFromMonday: [[ClosedRange<Int>?]] = [[1...7]]
        static let shortYear: [[ClosedRange<Int>?]] = [[any, any]]
        static let any: ClosedRange<Int> = 0...9
    }

    private static func candidates(_ d: Character, _ input: [Unicode.Scalar], _ pos: Int) -> [Int] {
        switch d {
        case "d": return alternatives(Patterns.day, input, pos)
        case "f":
            var n = 0
            while n < 6, pos + n < input.count, ("0"..."9").contains(input[pos + n]) { n += 1 }
            return n == 0 ? [] : Array((1...n).reversed())
        case "H": return alternatives(Patterns.hour, input, pos)
        case "I": return alternatives(Patterns.hour12, input, pos)
        case "G", "Y": return alternatives(Patterns.year, input, pos)
        case "j":
            return alternatives(Patterns.dayOfYear, input, pos)
        case "m": return alternatives(Patterns.month, input, pos)
        case "M": return alternatives(Patterns.minute, input, pos)
        case "S": return alternatives(Patterns.second, input, pos)
        case "U", "W": return alternatives(Patterns.week, input, pos)
        case "V": return alternatives(Patterns.isoWeek, input, pos)
        case "w": return alternatives(Patterns.weekdayFromSunday, input, pos)
        case "u": return alternatives(Patterns.weekdayFromMonday, input, pos)
        case "y": return alternatives(Patterns.shortYear, input, pos)
        case "z": return zoneCandidates(input, pos)
        case "A": return names(Strftime.weekdayNames.map { $0.lowercased() }, input, pos)
        case "a": return names(Strftime.weekdayNames.map { String($0.prefix(3)).lowercased() }, input, pos)
        case "B": return names(Strftime.monthNames.map { $0.lowercased() }, input, pos)
        case "b": return names(Strftime.monthNames.map { String($0.prefix(3)).lowercased() }, input, pos)
        case "p": return names(["am", "pm"], input, pos)
        case "Z": return names(["utc", "gmt"], input, pos)
        default: return []
        }
    }

    /// Names, longest first, matched case-insensitively.
    private static func names(_ list: [String], _ input: [Unicode.Scalar], _ pos: Int) -> [Int] {
        var lengths: [Int] = []
        for name in list.sorted(by: { $0.count > $1.count }) {
            let scalars = Array(name.unicodeScalars)
            guard pos + scalars.count <= input.count else { continue }
            if zip(scalars, input[pos..<(pos + scalars.count)]).allSatisfy({ sameIgnoringCase($0, $1) }) {
                lengths.append(scalars.count)
            }
        }
        return lengths
    }

    /// `[+-]\d\d:?[0-5]\d(:?[0-5]\d(\.\d{1,6})?)?|Z` (the Z case-sensitive).
    private static func zoneCandidates(_ input: [Unicode.Scalar], _ pos: Int) -> [Int] {
        guard pos < input.count else { return [] }
        if input[pos] == "Z" { return [1] }
        guard input[pos] == "+" || input[pos] == "-", isDigit(input, pos + 1), isDigit(input, pos + 2) else { return [] }
        var i = pos + 3
        if i < input.count, input[i] == ":" { i += 1 }
        guard digit(input, i, 0...5), isDigit(input, i + 1) else {
            // `:?` may also match empty when the colon belongs elsewhere.
            if input.count > pos + 3, input[pos + 3] == ":", digit(input, pos + 3, 0...5) { return [] }
            return []
        }
        i += 2
        var lengths = [i - pos]
        var j = i
        if j < input.count, input[j] == ":" { j += 1 }
        if digit(input, j, 0...5), isDigit(input, j + 1) {
            j += 2
            var withFraction: [Int] = []
            if j < input.count, input[j] == "." {
                var n = 0
                while n < 6, isDigit(input, j + 1 + n) { n += 1 }
                if n > 0 { withFraction = (1...n).reversed().map { j + 1 + $0 - pos } }
            }
            lengths = withFraction + [j - pos] + lengths
        }
        return lengths
    }

    private static func int(_ text: String) -> Int { int(text.unicodeScalars) }

    private static func int(_ scalars: some Sequence<Unicode.Scalar>) -> Int {
        var value = 0
        for s in scalars {
            if s.isASCII {
                if (0x30...0x39).contains(s.value) { value = value * 10 + Int(s.value) - 0x30 }
            } else if let n = s.properties.numericValue {
                value = value * 10 + Int(n)
            }
        }
        return value
    }

    private static let lowerWeekdays = Strftime.weekdayNames.map { $0.lowercased() }
    private static let lowerMonths = Strftime.monthNames.map { $0.lowercased() }

    /// The datetime from what each directive matched (`found`: ranges of `input`).
    private static func build(_ found: Captures, _ input: [Unicode.Scalar]) throws(TemplateError) -> PythonDatetime {
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(input[range])) }
        var year: Int?
        var isoYear: Int?
        var month = 1
        var day = 1
        var hour = 0
        var minute = 0
        var second = 0
        var fraction = 0
        var gmtoff: Int?
        var gmtoffFraction = 0
        var isoWeek: Int?
        var weekOfYear: Int?
        var weekOfYearStart: Int?
        var weekday: Int?
        var julian: Int?
        for (key, range) in found.members {
            // Digits are read in place; only names and zones become text.
            let digits = input[range]
            switch key {
            case "y":
                let y = int(digits)
                year = y <= 68 ? y + 2000 : y + 1900
            case "Y": year = int(digits)
            case "G": isoYear = int(digits)
            case "m": month = int(digits)
            case "B": month = (Self.lowerMonths.firstIndex(of: text(range).lowercased()) ?? 0) + 1
            case "b": month = (Self.lowerMonths.firstIndex { $0.prefix(3) == text(range).lowercased() } ?? 0) + 1
            case "d": day = int(digits)
            case "H": hour = int(digits)
            case "I":
                hour = int(digits)
                let ampm = found["p"].map { text($0).lowercased() } ?? ""
                if ampm == "" || ampm == "am" {
                    if hour == 12 { hour = 0 }
                } else if ampm == "pm", hour != 12 {
                    hour += 12
                }
            case "M": minute = int(digits)
            case "S": second = int(digits)
            case "f": fraction = int(text(range) + String(repeating: "0", count: 6 - range.count))
            case "A": weekday = Self.lowerWeekdays.firstIndex(of: text(range).lowercased())
            case "a": weekday = Self.lowerWeekdays.firstIndex { $0.prefix(3) == text(range).lowercased() }
            case "w":
                let w = int(digits)
                weekday = w == 0 ? 6 : w - 1
            case "u": weekday = int(digits) - 1
            case "j": julian = int(digits)
            case "U", "W":
                weekOfYear = int(digits)
                weekOfYearStart = key == "U" ? 6 : 0
            case "V": isoWeek = int(digits)
            case "z":
                let value = text(range)
                if value == "Z" {
                    gmtoff = 0
                } else {
                    var z = Array(value)
                    if z[3] == ":" {
                        z.remove(at: 3)
                        if z.count > 5 {
                            guard z[5] == ":" else { throw .value("Inconsistent use of : in \(value)") }
                            z.remove(at: 5)
                        }
                    }
                    let hours = int(String(z[1...2]))
                    let minutes = int(String(z[3...4]))
                    let seconds = z.count >= 7 ? int(String(z[5...6])) : 0
                    var offset = hours * 3_600 + minutes * 60 + seconds
                    let remainder = z.count > 8 ? String(z[8...]) : ""
                    var frac = int(remainder + String(repeating: "0", count: 6 - remainder.count))
                    if z[0] == "-" {
                        offset = -offset
                        frac = -frac
                    }
                    gmtoff = offset
                    gmtoffFraction = frac
                }
            default: break
            }
        }
        if year == nil, isoYear != nil {
            guard isoWeek != nil, weekday != nil else {
                throw .value(
                    "ISO year directive '%G' must be used with the ISO week directive '%V' and a weekday directive ('%A', '%a', '%w', or '%u')."
                )
            }
            if julian != nil {
                throw .value("Day of the year directive '%j' is not compatible with ISO year directive '%G'. Use '%Y' instead.")
            }
        } else if weekOfYear == nil, isoWeek != nil {
            if weekday == nil {
                throw .value(
                    "ISO week directive '%V' must be used with the ISO year directive '%G' and a weekday directive ('%A', '%a', '%w', or '%u')."
                )
            }
            throw .value("ISO week directive '%V' is incompatible with the year directive '%Y'. Use the ISO year '%G' instead.")
        }
        var leapYearFix = false
        var resolvedYear: Int
        if let year {
            resolvedYear = year
        } else if month == 2 && day == 29 {
            resolvedYear = 1904
            leapYearFix = true
        } else {
            resolvedYear = 1900
        }
        if julian == nil, let weekday {
            if let weekOfYear, let start = weekOfYearStart {
                julian = calcJulianFromUOrW(resolvedYear, weekOfYear, weekday, weekStartsMonday: start == 0)
            } else if let isoYear, let isoWeek {
                let (y, j) = try calcJulianFromV(isoYear, isoWeek, weekday + 1)
                resolvedYear = y
                julian = j
            }
            if let j = julian, j <= 0 {
                resolvedYear -= 1
                julian = j + (PythonDate.isLeap(resolvedYear) ? 366 : 365)
            }
        }
        if let julian {
            let date = try PythonDate(ordinal: julian - 1 + PythonDate.ordinal(resolvedYear, 1, 1))
            resolvedYear = date.year
            month = date.month
            day = date.day
        } else {
            _ = try PythonDate(year: resolvedYear, month: month, day: day)
        }
        if leapYearFix { resolvedYear = 1900 }
        var zone: PythonTimeZone?
        if let gmtoff {
            if gmtoffFraction != 0 { throw .value("UTC offsets with microseconds are not supported") }
            if let name = found["Z"].map(text) {
                zone = PythonTimeZone(offsetSeconds: gmtoff, name: name, style: .standard)
            } else {
                zone = .fixed(offsetSeconds: gmtoff)
            }
        }
        return try PythonDatetime(
            year: resolvedYear, month: month, day: day, hour: hour, minute: minute, second: second,
            microsecond: fraction, timeZone: zone)
    }

    private static func calcJulianFromUOrW(_ year: Int, _ week: Int, _ weekday: Int, weekStartsMonday: Bool) -> Int {
        var firstWeekday = (PythonDate.ordinal(year, 1, 1) + 6) % 7
        var weekday = weekday
        if !weekStartsMonday {
            firstWeekday = (firstWeekday + 1) % 7
            weekday = (weekday + 1) % 7
        }
        let weekZeroLength = (7 - firstWeekday) % 7
        if week == 0 { return 1 + weekday - firstWeekday }
        let daysToWeek = weekZeroLength + 7 * (week - 1)
        return 1 + daysToWeek + weekday
    }

    private static func calcJulianFromV(_ isoYear: Int, _ isoWeek: Int, _ isoWeekday: Int) throws(TemplateError) -> (Int, Int) {
        let correction = (PythonDate.ordinal(isoYear, 1, 4) + 6) % 7 + 1 + 3
        var ordinal = isoWeek * 7 + isoWeekday - correction
        var year = isoYear
        if ordinal < 1 {
            ordinal += PythonDate.ordinal(isoYear, 1, 1) - PythonDate.ordinal(isoYear - 1, 1, 1)
            year -= 1
        }
        return (year, ordinal)
    }
}
