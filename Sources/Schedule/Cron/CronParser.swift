import Foundation

/// Turns the text of a cron expression into a ``CronSpec``: Vixie cron's five
/// fields (with `@daily`-style aliases) or Quartz's six or seven (seconds first,
/// optional year, `?`, `L`, `W`, `#`), as Airbyte accepts them.
struct CronParser {
    let input: String
    let dialect: CronExpression.Dialect

    static let unixAliases: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *", "@hourly": "0 * * * *",
    ]

    static let monthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
    static let dayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"]

    /// Parses `text`, choosing the dialect from the number of fields when `dialect` is nil.
    static func parse(_ text: String, dialect requested: CronExpression.Dialect?) throws(ScheduleError)
        -> (dialect: CronExpression.Dialect, spec: CronSpec, text: String)
    {
        let fields = text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }).map(String.init)
        let normalized = fields.joined(separator: " ")
        guard !fields.isEmpty else {
            throw ScheduleError(.invalidCronExpression, input: text, detail: "the expression is empty")
        }
        if fields.count == 1, fields[0].hasPrefix("@") {
            guard requested != .quartz else {
                throw ScheduleError(
                    .invalidCronExpression, input: normalized,
                    detail: "'\(fields[0])' is Unix cron syntax; a Quartz expression has 6 or 7 fields")
            }
            guard let expansion = unixAliases[fields[0].lowercased()] else {
                let known = unixAliases.keys.sorted().joined(separator: ", ")
                throw ScheduleError(
                    .invalidCronExpression, input: normalized,
                    detail: "'\(fields[0])' is not a schedule; the aliases are \(known)")
            }
            let parser = CronParser(input: normalized, dialect: .unix)
            return (.unix, try parser.parseUnix(expansion.split(separator: " ").map(String.init)), normalized)
        }
        let dialect: CronExpression.Dialect
        switch (requested, fields.count) {
        case (.unix, 5), (nil, 5): dialect = .unix
        case (.quartz, 6), (.quartz, 7), (nil, 6), (nil, 7): dialect = .quartz
        case (.unix, _):
            throw ScheduleError(
                .invalidCronExpression, input: normalized,
                detail:
                    "a Unix cron expression has 5 fields (minute hour day-of-month month day-of-week), found \(fields.count)")
        case (.quartz, _):
            throw ScheduleError(
                .invalidCronExpression, input: normalized,
                detail:
                    "a Quartz cron expression has 6 or 7 fields (second minute hour day-of-month month day-of-week [year]), found \(fields.count)"
            )
        case (nil, _):
            throw ScheduleError(
                .invalidCronExpression, input: normalized,
                detail:
                    "expected 5 fields (Unix: minute hour day-of-month month day-of-week) or 6 to 7 fields "
                    + "(Quartz: second minute hour day-of-month month day-of-week [year]), found \(fields.count)")
        }
        let parser = CronParser(input: normalized, dialect: dialect)
        let spec = dialect == .unix ? try parser.parseUnix(fields) : try parser.parseQuartz(fields)
        return (dialect, spec, normalized)
    }

    /// The first of Quartz's special characters `?`, `L`, `W`, `#` in a field,
    /// ignoring the letters of month and day names (`JUL`, `WED`).
    static func special(in text: String) -> Character? {
        var rest = text.uppercased()
        for name in monthNames + dayNames { rest = rest.replacingOccurrences(of: name, with: "") }
        return rest.first(where: { "?LW#".contains($0) })
    }

    // MARK: Dialects

    func parseUnix(_ fields: [String]) throws(ScheduleError) -> CronSpec {
        for (field, text) in zip([CronField.minute, .hour, .dayOfMonth, .month, .dayOfWeek], fields) {
            if let special = CronParser.special(in: text) {
                throw error(
                    field,
                    "'\(special)' is Quartz syntax, which a 5-field Unix expression cannot use "
                        + "(a Quartz expression has 6 or 7 fields, seconds first)")
            }
        }
        let dayOfMonthStar = fields[2].hasPrefix("*")
        let dayOfWeekStar = fields[4].hasPrefix("*")
        var weekdays = try values(fields[4], .dayOfWeek, 0...7, names: CronParser.dayNames, nameBase: 0)
        if weekdays & (1 << 7) != 0 { weekdays = (weekdays | 1) & ~(1 << 7) }  // 7 is Sunday too
        return CronSpec(
            seconds: 1,
            minutes: try values(fields[0], .minute, 0...59),
            hours: try values(fields[1], .hour, 0...23),
            months: try values(fields[3], .month, 1...12, names: CronParser.monthNames, nameBase: 1),
            years: nil,
            dayOfMonth: fields[2] == "*" ? .any : .days(try values(fields[2], .dayOfMonth, 1...31)),
            dayOfWeek: fields[4] == "*" ? .any : .days(weekdays),
            // Vixie cron: when both day fields are restricted, a day matching either runs.
            daysCombine: dayOfMonthStar || dayOfWeekStar ? .and : .or,
            wildcardTime: fields[0].hasPrefix("*") || fields[1].hasPrefix("*")
        )
    }

    func parseQuartz(_ fields: [String]) throws(ScheduleError) -> CronSpec {
        let order: [CronField] = [.second, .minute, .hour, .dayOfMonth, .month, .dayOfWeek, .year]
        for (field, text) in zip(order, fields) where field != .dayOfMonth && field != .dayOfWeek {
            if let special = CronParser.special(in: text) {
                let allowed =
                    special == "?" ? "day-of-month or day-of-week" : special == "#" ? "day-of-week" : "day-of-month or day-of-week"
                throw error(field, "'\(special)' is only allowed in the \(allowed) field")
            }
        }
        let dayOfMonthText = fields[3].uppercased()
        let dayOfWeekText = fields[5].uppercased()
        switch (dayOfMonthText == "?", dayOfWeekText == "?") {
        case (true, true):
            throw error(
                .dayOfWeek,
                "'?' can stand in day-of-month or day-of-week, not both: "
                    + "put '*' or days in one of them, as in '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?'")
        case (false, false):
            throw error(
                .dayOfWeek,
                "Quartz needs '?' in exactly one of day-of-month ('\(fields[3])') and day-of-week "
                    + "('\(fields[5])'), as in '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?'")
        default: break
        }
        var years: CronSpec.YearSet?
        if fields.count == 7, fields[6] != "*" {
            var set = CronSpec.YearSet()
            for year in try yearValues(fields[6]) { set.insert(year) }
            years = set
        }
        return CronSpec(
            seconds: try values(fields[0], .second, 0...59),
            minutes: try values(fields[1], .minute, 0...59),
            hours: try values(fields[2], .hour, 0...23),
            months: try values(fields[4], .month, 1...12, names: CronParser.monthNames, nameBase: 1),
            years: years,
            dayOfMonth: try quartzDayOfMonth(fields[3]),
            dayOfWeek: try quartzDayOfWeek(fields[5]),
            daysCombine: .and,
            wildcardTime: fields[1].hasPrefix("*") || fields[2].hasPrefix("*")
        )
    }

    func quartzDayOfMonth(_ text: String) throws(ScheduleError) -> CronSpec.DayOfMonth {
        let upper = text.uppercased()
        if upper == "?" || upper == "*" { return .any }
        guard upper.contains("L") || upper.contains("W") else {
            return .days(try values(text, .dayOfMonth, 1...31))
        }
        if upper.contains(",") {
            throw error(.dayOfMonth, "'L' and 'W' cannot be combined with other days in a list ('\(text)')")
        }
        if upper.hasPrefix("L") {
            var rest = upper.dropFirst()
            let weekday = rest.hasSuffix("W")
            if weekday { rest = rest.dropLast() }
            if rest.isEmpty { return .last(offset: 0, weekday: weekday) }
            guard rest.hasPrefix("-"), let offset = Int(rest.dropFirst()) else {
                throw error(.dayOfMonth, "'\(text)' is not L, LW, L-n or L-nW (n days before the last day of the month)")
            }
            guard (0...30).contains(offset) else {
                throw error(.dayOfMonth, "'\(text)': the offset from the last day must be 0-30, not \(offset)")
            }
            return .last(offset: offset, weekday: weekday)
        }
        guard upper.hasSuffix("W"), let day = Int(upper.dropLast()) else {
            throw error(.dayOfMonth, "'\(text)' is not nW (the weekday nearest day n), L, LW or L-n")
        }
        guard (1...31).contains(day) else {
            throw error(.dayOfMonth, "'\(text)': \(day) is out of range 1-31")
        }
        return .nearestWeekday(day)
    }

    func quartzDayOfWeek(_ text: String) throws(ScheduleError) -> CronSpec.DayOfWeek {
        let upper = text.uppercased()
        if upper == "?" || upper == "*" { return .any }
        let special = upper.contains("#") || upper.hasSuffix("L")
        if upper.contains("W") { throw error(.dayOfWeek, "'W' is only allowed in the day-of-month field") }
        guard special else {
            return .days(try values(text, .dayOfWeek, 1...7, names: CronParser.dayNames, nameBase: 1) >> 1)
        }
        if upper.contains(where: { ",-/".contains($0) }) {
            throw error(.dayOfWeek, "'L' and '#' take a single day ('6L', 'FRI#3'), not a list, range or step ('\(text)')")
        }
        if upper == "L" { return .days(1 << 6) }  // Quartz: a lone L is the last day of the week, Saturday.
        if upper.hasSuffix("L") {
            return .last(weekday: try singleDay(String(upper.dropLast()), original: text))
        }
        let parts = upper.split(separator: "#", omittingEmptySubsequences: false)
        guard parts.count == 2, let n = Int(parts[1]) else {
            throw error(.dayOfWeek, "'\(text)' is not day#n (the n-th such day of the month, as in FRI#3)")
        }
        guard (1...5).contains(n) else {
            throw error(.dayOfWeek, "'\(text)': the week number after '#' must be 1-5, not \(n)")
        }
        return .nth(weekday: try singleDay(String(parts[0]), original: text), n: n)
    }

    /// A Quartz day of week (1-7 or SUN-SAT) as 0 = Sunday … 6 = Saturday.
    func singleDay(_ token: String, original: String) throws(ScheduleError) -> Int {
        if let number = Int(token) {
            guard (1...7).contains(number) else {
                throw error(.dayOfWeek, "'\(original)': \(number) is out of range 1-7 (1 is Sunday in Quartz)")
            }
            return number - 1
        }
        guard let index = CronParser.dayNames.firstIndex(of: token) else {
            throw error(.dayOfWeek, "'\(original)': '\(token)' is not a day (1-7 or SUN-SAT)")
        }
        return index
    }

    func yearValues(_ text: String) throws(ScheduleError) -> [Int] {
        try valueList(text, .year, 1970...2099)
    }

    // MARK: Lists, ranges and steps

    /// The values a list allows, as bits of a 64-bit mask (see ``valueList``).
    func values(
        _ text: String, _ field: CronField, _ range: ClosedRange<Int>,
        names: [String] = [], nameBase: Int = 0
    ) throws(ScheduleError) -> UInt64 {
        try valueList(text, field, range, names: names, nameBase: nameBase)
            .reduce(UInt64(0)) { $0 | 1 << UInt64($1) }
    }

    /// The values a list of items allows. Items are `*`, `n`, `a-b`, each with
    /// an optional `/step`; `a/step` runs to the end of the range. Quartz
    /// ranges may wrap (`FRI-MON`, `22-2`); Unix ones may not.
    func valueList(
        _ text: String, _ field: CronField, _ range: ClosedRange<Int>,
        names: [String] = [], nameBase: Int = 0
    ) throws(ScheduleError) -> [Int] {
        var result: Set<Int> = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false).map(String.init) {
            guard !item.isEmpty else { throw error(field, "'\(text)' has an empty item in its list") }
            let parts = item.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count <= 2 else { throw error(field, "'\(item)' has more than one '/'") }
            var step = 1
            if parts.count == 2 {
                guard let number = Int(parts[1]), number >= 1 else {
                    throw error(field, "the step in '\(item)' must be a whole number of at least 1")
                }
                guard number <= range.count else {
                    throw error(
                        field, "the step \(number) in '\(item)' is larger than the field's range \(range.lowerBound)-\(range.upperBound)")
                }
                step = number
            }
            let base = parts[0]
            var low: Int
            var high: Int
            if base == "*" {
                low = range.lowerBound
                high = field == .dayOfWeek && dialect == .unix ? 6 : range.upperBound
            } else if let dash = base.dropFirst().firstIndex(of: "-") {
                low = try value(String(base[..<dash]), field, range, names: names, nameBase: nameBase, item: item)
                high = try value(String(base[base.index(after: dash)...]), field, range, names: names, nameBase: nameBase, item: item)
            } else {
                low = try value(base, field, range, names: names, nameBase: nameBase, item: item)
                high = parts.count == 2 ? range.upperBound : low
            }
            if high < low {
                guard dialect == .quartz else {
                    throw error(field, "the range '\(base)' runs backwards (\(low) is after \(high))")
                }
                high += range.count  // wraps: FRI-MON, 22-2
            }
            for v in stride(from: low, through: high, by: step) {
                result.insert(v > range.upperBound ? v - range.count : v)
            }
        }
        return result.sorted()
    }

    /// One value: a number in `range`, or a name (`JAN`, `MON`) when the field has names.
    func value(
        _ token: String, _ field: CronField, _ range: ClosedRange<Int>,
        names: [String], nameBase: Int, item: String
    ) throws(ScheduleError) -> Int {
        if let number = Int(token) {
            guard range.contains(number) else {
                let hint = field == .dayOfWeek ? (dialect == .quartz ? " (1 is Sunday in Quartz)" : " (0 and 7 are Sunday)") : ""
                throw error(field, "\(number) is out of range \(range.lowerBound)-\(range.upperBound)\(hint)")
            }
            return number
        }
        if let index = names.firstIndex(of: token.uppercased()) { return index + nameBase }
        if token.isEmpty { throw error(field, "'\(item)' is missing a value") }
        let what = names.isEmpty ? "a number" : "a number or a name (\(names.first!)-\(names.last!))"
        throw error(field, "'\(token)' is not \(what)")
    }

    func error(_ field: CronField, _ detail: String) -> ScheduleError {
        ScheduleError(.invalidCronExpression, input: input, field: field, detail: detail)
    }
}
