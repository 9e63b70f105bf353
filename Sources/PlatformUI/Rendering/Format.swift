import Foundation
import Notifications

/// How the pages write numbers, sizes, times and durations: the same way
/// everywhere, whatever the server's locale.
enum Format {
    /// `1,234,567`.
    static func count(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { grouped.append(",") }
            grouped.append(digit)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `1,234`.
    static func count(_ value: Int) -> String { count(Int64(value)) }

    /// `12 kB`, as Airbyte's notifications write volumes.
    static func bytes(_ value: Int64) -> String { SyncEventSummary.formatVolume(value) }

    /// `45 s`, `3 min 5 s`, `2 h 10 min`, `3 d 4 h`; under a second, `0.4 s`.
    static func duration(_ seconds: TimeInterval) -> String {
        if seconds < 1 { return String(format: "%.1f s", max(0, seconds)) }
        let whole = Int64(seconds.rounded(.down))
        switch whole {
        case ..<60: return "\(whole) s"
        case ..<3600: return "\(whole / 60) min \(whole % 60) s"
        case ..<86_400: return "\(whole / 3600) h \(whole / 60 % 60) min"
        default: return "\(whole / 86_400) d \(whole / 3600 % 24) h"
        }
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `2024-05-06 02:00:05 UTC`.
    static func dateTime(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d UTC", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
            parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }

    /// `2024-05-06T02:00:05Z`, for `<time datetime>`.
    static func machineDateTime(_ date: Date) -> String {
        date.ISO8601Format(.iso8601(timeZone: .gmt))
    }

    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]

    /// `Mon 2024-05-06 02:00 Europe/Paris`: a schedule's run in the schedule's own zone.
    static func scheduleTime(_ date: Date, zone: TimeZone, zoneName: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .weekday], from: date)
        let weekday = weekdays[((parts.weekday ?? 1) - 1) % 7]
        return "\(weekday) "
            + String(
                format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                parts.hour ?? 0, parts.minute ?? 0) + " \(zoneName)"
    }

    /// `in 3 h`, `5 min ago`, `now`.
    static func relative(_ date: Date, now: Date) -> String {
        let seconds = date.timeIntervalSince(now)
        let magnitude = abs(seconds)
        guard magnitude >= 30 else { return "now" }
        let text: String
        switch magnitude {
        case ..<3600: text = "\(Int((magnitude / 60).rounded())) min"
        case ..<172_800: text = "\(Int((magnitude / 3600).rounded())) h"
        default: text = "\(Int((magnitude / 86_400).rounded())) d"
        }
        return seconds > 0 ? "in \(text)" : "\(text) ago"
    }
}
