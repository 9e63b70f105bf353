import Foundation

extension Schedule {
    /// The schedule in words for a person: "manual", "every 6 hours",
    /// "weekdays at 02:00 UTC", "at 12:00 every day (Europe/Paris)", "on the
    /// last day of the month at 00:00 UTC". Cron expressions of an unusual
    /// shape fall back to the expression and its zone:
    /// "cron 0 0/7 9-17 ? * 2#1 (UTC)".
    public var inWords: String {
        switch self {
        case .manual:
            return "manual"
        case .basic(let basic):
            let unit = String(basic.timeUnit.rawValue.dropLast())
            return basic.units == 1 ? "every \(unit)" : "every \(basic.units) \(basic.timeUnit.rawValue)"
        case .cron(let cron):
            return CronWords(spec: cron.expression.spec, zoneName: cron.cronTimeZone).phrase
                ?? "cron \(cron.expression.text) (\(cron.cronTimeZone))"
        }
    }
}

/// Puts the common shapes of cron expressions into words; nil for the rest.
struct CronWords {
    let spec: CronSpec
    let zoneName: String

    static let months = [
        "January", "February", "March", "April", "May", "June", "July", "August",
        "September", "October", "November", "December",
    ]
    static let days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    var isUTC: Bool { ["UTC", "GMT", "Etc/UTC", "Etc/GMT", "Zulu", "Universal"].contains(zoneName) }
    var zoneSuffix: String { isUTC ? "" : " (\(zoneName))" }

    var phrase: String? {
        guard spec.years == nil, spec.seconds.nonzeroBitCount == 1 else { return nil }
        let second = spec.seconds.trailingZeroBitCount
        let minutes = bits(spec.minutes, 0...59)
        let hours = bits(spec.hours, 0...23)
        let days = dayPhrase
        // Intervals within the day.
        if second == 0, hours.count == 24 {
            let interval: String
            if minutes.count == 60, hours.count == 24 {
                interval = "every minute"
            } else if let step = CronWords.step(minutes, over: 60), hours.count == 24 {
                interval = "every \(step) minutes"
            } else if minutes.count == 1, hours.count == 24 {
                interval = minutes[0] == 0 ? "every hour" : "every hour at :\(two(minutes[0]))"
            } else {
                return nil
            }
            guard let days else { return nil }
            return days.isEmpty ? interval : "\(interval) \(days.afterInterval) (\(zoneName))"
        }
        if minutes.count == 1, let step = CronWords.step(hours, over: 24), second == 0 {
            let interval = "every \(step) hours" + (minutes[0] == 0 ? "" : " at :\(two(minutes[0]))")
            guard let days else { return nil }
            return days.isEmpty ? interval : "\(interval) \(days.afterInterval) (\(zoneName))"
        }
        // Times of day.
        guard minutes.count * hours.count <= 4 else { return nil }
        let times = list(hours.flatMap { hour in minutes.map { time(hour, $0, second) } }) + (isUTC ? " UTC" : "")
        guard let days else { return nil }
        if days.isEmpty { return "at \(times) every day\(zoneSuffix)" }
        return "\(days.phrase) at \(times)\(zoneSuffix)"
    }

    /// The days part: empty for every day, nil when too unusual to say.
    struct Days {
        var phrase: String
        var isEmpty: Bool { phrase.isEmpty }
        /// The phrase after an interval: "every hour on weekdays", "every hour in January".
        var afterInterval: String {
            if phrase.hasPrefix("every day ") { return String(phrase.dropFirst("every day ".count)) }
            return phrase.hasPrefix("week") ? "on \(phrase)" : phrase
        }
    }

    var dayPhrase: Days? {
        let months = bits(spec.months, 1...12)
        let allMonths = months.count == 12
        let monthNames = list(months.map { CronWords.months[$0 - 1] })
        let ofMonth = allMonths ? "of every month" : "of \(monthNames)"
        let ofTheMonth = allMonths ? "of the month" : "of \(monthNames)"
        let inMonths = allMonths ? "" : " in \(monthNames)"
        switch (spec.dayOfMonth, spec.dayOfWeek) {
        case (.any, .any):
            return Days(phrase: allMonths ? "" : "every day\(inMonths)")
        case (.days(let mask), .any):
            let days = bits(mask, 1...31)
            if days.count == 31 { return Days(phrase: allMonths ? "" : "every day\(inMonths)") }
            guard days.count <= 4 else { return nil }
            if days.count == 1, months.count == 1 {
                return Days(phrase: "every year on \(days[0]) \(CronWords.months[months[0] - 1])")
            }
            return Days(phrase: "on the \(list(days.map(CronWords.ordinal))) \(ofMonth)")
        case (.last(let offset, let weekday), .any):
            let day = weekday ? "last weekday" : "last day"
            if offset == 0 { return Days(phrase: "on the \(day) \(ofTheMonth)") }
            guard !weekday else { return nil }
            return Days(phrase: "\(offset) day\(offset == 1 ? "" : "s") before the last day \(ofTheMonth)")
        case (.nearestWeekday(let day), .any):
            return Days(phrase: "on the weekday nearest the \(CronWords.ordinal(day)) \(ofTheMonth)")
        case (.any, .days(let mask)):
            let weekdays = bits(mask, 0...6)
            let phrase: String
            switch weekdays {
            case [0, 1, 2, 3, 4, 5, 6]: phrase = "every day"
            case [1, 2, 3, 4, 5]: phrase = "weekdays"
            case [0, 6]: phrase = "weekends"
            default: phrase = "on " + list(weekdays.map { CronWords.days[$0] + "s" })
            }
            return Days(phrase: phrase + inMonths)
        case (.any, .last(let weekday)):
            return Days(phrase: "on the last \(CronWords.days[weekday]) \(ofTheMonth)")
        case (.any, .nth(let weekday, let n)):
            let nth = ["first", "second", "third", "fourth", "fifth"][n - 1]
            return Days(phrase: "on the \(nth) \(CronWords.days[weekday]) \(ofTheMonth)")
        default:
            return nil
        }
    }

    /// The step of a progression starting at 0 that covers the whole range
    /// evenly (0, 15, 30, 45 over 60 is 15), or nil.
    static func step(_ values: [Int], over range: Int) -> Int? {
        guard values.count > 1, values.count < range, values[0] == 0 else { return nil }
        let step = values[1]
        guard range % step == 0, values.count == range / step,
            values.enumerated().allSatisfy({ $0.element == $0.offset * step })
        else { return nil }
        return step
    }

    static func ordinal(_ n: Int) -> String {
        let suffix = (11...13).contains(n % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][n % 10] ?? "th"
        return "\(n)\(suffix)"
    }

    func bits(_ mask: UInt64, _ range: ClosedRange<Int>) -> [Int] {
        range.filter { mask & (1 << UInt64($0)) != 0 }
    }

    func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    func time(_ hour: Int, _ minute: Int, _ second: Int) -> String {
        "\(two(hour)):\(two(minute))" + (second == 0 ? "" : ":\(two(second))")
    }

    func list(_ items: [String]) -> String {
        items.count <= 1 ? items.joined() : items.dropLast().joined(separator: ", ") + " and " + items.last!
    }
}
