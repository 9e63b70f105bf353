/// A parsed cron expression as sets of allowed values, the same for both
/// dialects: what ``CronExpression`` matches wall-clock times against.
struct CronSpec: Sendable, Hashable {
    /// Bit n set: second n allowed (Unix expressions allow second 0 only).
    var seconds: UInt64
    var minutes: UInt64
    var hours: UInt64
    /// Bits 1…12.
    var months: UInt64
    /// Allowed years, or nil for any (Quartz's optional seventh field).
    var years: YearSet?
    var dayOfMonth: DayOfMonth
    var dayOfWeek: DayOfWeek
    /// How the two day fields combine: Quartz has one of them `?` (so `and`);
    /// Vixie cron matches either of them unless one starts with `*`.
    var daysCombine: DaysCombine
    /// Vixie cron's "wildcard job": the minute or the hour field starts with `*`.
    /// Decides how the job behaves when clocks change (see ``CronExpression``).
    var wildcardTime: Bool

    enum DaysCombine: Hashable, Sendable { case and, or }

    enum DayOfMonth: Hashable, Sendable {
        case any
        /// Bits 1…31.
        case days(UInt64)
        /// `L` (offset 0), `L-3`, `LW`, `L-3W`: counted back from the month's last day,
        /// then moved to the nearest weekday if `weekday`.
        case last(offset: Int, weekday: Bool)
        /// `15W`: the weekday nearest the 15th, within the month.
        case nearestWeekday(Int)
    }

    enum DayOfWeek: Hashable, Sendable {
        case any
        /// Bits 0…6, 0 = Sunday.
        case days(UInt64)
        /// `6#3`: the third Friday.
        case nth(weekday: Int, n: Int)
        /// `6L`: the last Friday.
        case last(weekday: Int)
    }

    /// A set of years 1970…2161 as bits.
    struct YearSet: Hashable, Sendable {
        static let first = 1970
        static let last = 2161
        private var words: [UInt64] = [0, 0, 0]

        mutating func insert(_ year: Int) {
            let index = year - YearSet.first
            words[index / 64] |= 1 << UInt64(index % 64)
        }

        func contains(_ year: Int) -> Bool {
            guard year >= YearSet.first, year <= YearSet.last else { return false }
            let index = year - YearSet.first
            return words[index / 64] & (1 << UInt64(index % 64)) != 0
        }

        /// The first allowed year at or after `year`.
        func next(atOrAfter year: Int) -> Int? {
            var candidate = max(year, YearSet.first)
            while candidate <= YearSet.last {
                let index = candidate - YearSet.first
                let rest = words[index / 64] >> UInt64(index % 64)
                if rest != 0 { return candidate + rest.trailingZeroBitCount }
                candidate += 64 - index % 64
            }
            return nil
        }
    }

    // MARK: Matching

    /// The days of a month this expression allows, as bits 1…31.
    func dayMask(year: Int, month: Int) -> UInt64 {
        let length = CivilDateTime.daysInMonth(year, month)
        let allDays: UInt64 = ((1 << UInt64(length)) - 1) << 1
        let firstWeekday = CivilDateTime.weekday(year, month, 1)
        func weekday(of day: Int) -> Int { (firstWeekday + day - 1) % 7 }
        func bit(_ day: Int) -> UInt64 { day >= 1 && day <= length ? 1 << UInt64(day) : 0 }
        func nearestWeekday(to day: Int) -> Int {
            switch weekday(of: day) {
            case 6: day > 1 ? day - 1 : day + 2  // Saturday: Friday, or Monday the 3rd
            case 0: day < length ? day + 1 : day - 2  // Sunday: Monday, or Friday before a last-day Sunday
            default: day
            }
        }

        let monthDays: UInt64 =
            switch dayOfMonth {
            case .any: allDays
            case .days(let mask): mask & allDays
            case .last(let offset, let weekday):
                length - offset < 1 ? 0 : bit(weekday ? nearestWeekday(to: length - offset) : length - offset)
            case .nearestWeekday(let day): day > length ? 0 : bit(nearestWeekday(to: day))
            }
        let weekDays: UInt64 =
            switch dayOfWeek {
            case .any: allDays
            case .days(let mask):
                (1...length).reduce(UInt64(0)) { bits, day in
                    mask & (1 << UInt64(weekday(of: day))) != 0 ? bits | bit(day) : bits
                }
            case .nth(let target, let n): bit(1 + (target - firstWeekday + 7) % 7 + 7 * (n - 1))
            case .last(let target): bit(length - (weekday(of: length) - target + 7) % 7)
            }
        return daysCombine == .and ? monthDays & weekDays : monthDays | weekDays
    }

    /// The first wall-clock time at or after `start` that the expression
    /// matches, looking no further than `yearLimit`.
    func nextMatch(onOrAfter start: CivilDateTime, yearLimit: Int) -> CivilDateTime? {
        var t = start
        while t.year <= yearLimit {
            if let years, !years.contains(t.year) {
                guard let year = years.next(atOrAfter: t.year + 1), year <= yearLimit else { return nil }
                t = CivilDateTime(year: year, month: 1, day: 1)
                continue
            }
            guard let month = CronSpec.nextBit(months, from: t.month, through: 12) else {
                t = CivilDateTime(year: t.year + 1, month: 1, day: 1)
                continue
            }
            if month != t.month { t = CivilDateTime(year: t.year, month: month, day: 1) }
            guard let day = CronSpec.nextBit(dayMask(year: t.year, month: t.month), from: t.day, through: 31) else {
                t =
                    t.month == 12
                    ? CivilDateTime(year: t.year + 1, month: 1, day: 1)
                    : CivilDateTime(year: t.year, month: t.month + 1, day: 1)
                continue
            }
            if day != t.day { t = CivilDateTime(year: t.year, month: t.month, day: day) }
            guard let hour = CronSpec.nextBit(hours, from: t.hour, through: 23) else {
                t = CivilDateTime(naiveSeconds: CivilDateTime(year: t.year, month: t.month, day: t.day).naiveSeconds + 86_400)
                continue
            }
            if hour != t.hour {
                t.hour = hour
                t.minute = 0
                t.second = 0
            }
            guard let minute = CronSpec.nextBit(minutes, from: t.minute, through: 59) else {
                t = CivilDateTime(naiveSeconds: (t.naiveSeconds.floorDivided(by: 3600) + 1) * 3600)
                continue
            }
            if minute != t.minute {
                t.minute = minute
                t.second = 0
            }
            guard let second = CronSpec.nextBit(seconds, from: t.second, through: 59) else {
                t = CivilDateTime(naiveSeconds: (t.naiveSeconds.floorDivided(by: 60) + 1) * 60)
                continue
            }
            t.second = second
            return t
        }
        return nil
    }

    /// The lowest set bit at or above `from`, if it is at most `through`.
    static func nextBit(_ mask: UInt64, from: Int, through: Int) -> Int? {
        guard from <= through, from < 64 else { return nil }
        let rest = mask >> UInt64(from)
        guard rest != 0 else { return nil }
        let bit = from + rest.trailingZeroBitCount
        return bit <= through ? bit : nil
    }
}
