package import Foundation

/// Times as the APIs write them: ISO 8601 in UTC for the public API,
/// epoch seconds for the configuration API, ISO 8601 durations (`PT1H2M5S`).
package enum APIDates {
    /// `2024-05-01T12:00:00Z`: whole seconds in UTC, as Airbyte's `startTime`.
    package static func iso8601(_ date: Date) -> String {
        date.ISO8601Format()
    }

    /// Epoch seconds, as Airbyte writes `createdAt` of sources, destinations, connections and jobs.
    package static func epochSeconds(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970.rounded(.down)) }

    /// Epoch milliseconds, as the public API's `createdAt` of API applications.
    package static func epochMilliseconds(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }

    /// A duration as Java's `Duration.toString()` writes it, which is what Airbyte sends:
    /// `PT0S`, `PT45S`, `PT1M30S`, `PT8H6M12S` (whole seconds; hours are not folded into days).
    package static func duration(seconds: Int64) -> String {
        let seconds = max(0, seconds)
        let hours = seconds / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        var text = "PT"
        if hours > 0 { text += "\(hours)H" }
        if minutes > 0 { text += "\(minutes)M" }
        if rest > 0 || (hours == 0 && minutes == 0) { text += "\(rest)S" }
        return text
    }

    /// An ISO 8601 time (with or without fractional seconds, `Z` or an offset),
    /// a date alone (midnight UTC), or epoch milliseconds (13 digits or more) or seconds.
    package static func parse(_ text: String) -> Date? {
        if let number = Int64(text) {
            return Date(timeIntervalSince1970: text.count >= 13 ? Double(number) / 1000 : Double(number))
        }
        if let date = try? Date(text, strategy: .iso8601) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true)) { return date }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle().year().month().day()) { return date }
        return nil
    }
}
