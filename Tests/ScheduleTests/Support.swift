import Foundation
import Schedule

/// `2024-03-10T07:00:00Z` as a date.
func instant(_ iso: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: iso) else { fatalError("bad ISO date \(iso) in a test") }
    return date
}

func zone(_ name: String) -> TimeZone {
    guard let zone = TimeZone(identifier: name) else { fatalError("unknown zone \(name) in a test") }
    return zone
}

extension Date {
    var iso: String { formatted(.iso8601) }
}

extension CronExpression {
    /// The next runs as ISO instants, for readable expectations.
    func runs(after start: String, count: Int, in zoneName: String) -> [String] {
        nextRuns(after: instant(start), count: count, in: zone(zoneName)).map(\.iso)
    }
}
