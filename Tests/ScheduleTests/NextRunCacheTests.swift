import Foundation
import Testing

@testable import Schedule

/// Next runs (cached where the zone's offset no longer changes) must be exactly
/// what the calendar walk answers, from any time, in any order of questions,
/// in both dialects; zones with clock changes bypass the cache (OracleTests
/// checks those against Quartz).
@Suite struct NextRunCacheTests {
    static let cases: [(expression: String, zone: String)] = [
        ("0 30 2 * * ?", "America/New_York"),  // Quartz: skipped and repeated times
        ("30 1 * * *", "America/New_York"),  // Unix: repeated time
        ("30 2 * * *", "Europe/Berlin"),  // Unix: skipped time runs at the jump
        ("*/15 * * * *", "Europe/Berlin"),  // Unix wildcard: follows the clock
        ("0 0 12 ? * MON-FRI", "UTC"),
        ("0 0 0 L * ?", "Asia/Kolkata"),
        ("0 2 * * 1-5", "UTC"),
        ("0 0 3 * * ?", "Etc/GMT+5"),
    ]

    @Test("Cached next runs equal the calendar walk's, asked in order, backwards and at random", arguments: cases)
    func cachedEqualsWalked(expression: String, zone: String) throws {
        let cron = try CronExpression(expression)
        let timeZone = try #require(TimeZone(identifier: zone))
        let rules = ZoneRules(zone: timeZone)
        // Around the 2024 clock changes of New York and Berlin, and between them.
        let start: Int64 = 1_709_900_000
        var instants: [Int64] = []
        var generator = SystemRandomNumberGenerator()
        for step in 0..<400 { instants.append(start + Int64(step) * 1_777) }
        instants += instants.reversed()
        for _ in 0..<400 { instants.append(start + Int64.random(in: 0..<(240 * 86_400), using: &generator)) }
        var from = start
        for _ in 0..<50 {  // chains of runs, as previews ask
            guard let next = cron.nextRun(after: Date(timeIntervalSince1970: TimeInterval(from)), in: timeZone) else { break }
            instants.append(from)
            from = Int64(next.timeIntervalSince1970)
        }
        for instant in instants {
            let cached = cron.nextRun(after: Date(timeIntervalSince1970: TimeInterval(instant)), in: timeZone)
            let walked = cron.nextInstant(after: instant, rules: rules).map { Date(timeIntervalSince1970: TimeInterval($0)) }
            #expect(cached == walked, "\(expression) in \(zone) after \(instant)")
        }
    }
}
