import Foundation
import Schedule
import Testing

/// Next runs compared with what other implementations compute for the same
/// expression, zone and start: Quartz 2.3.2 itself (the version Airbyte runs)
/// for Quartz expressions, crondst (Vixie cron's rules) and croniter for Unix
/// ones. `Oracle/generate.py` produced the expectations; nothing here runs the
/// code under test to make them.
@Suite struct OracleTests {
    static func runs(of oracle: OracleCase, dialect: CronExpression.Dialect) throws -> String {
        let expression = try CronExpression(oracle.expression, dialect: dialect)
        let zone = try #require(TimeZone(identifier: oracle.zone))
        let start = try #require(ISO8601DateFormatter().date(from: oracle.start))
        let count = max(oracle.runs.split(separator: " ").count, 1)
        return expression.nextRuns(after: start, count: count, in: zone)
            .map { $0.formatted(.iso8601) }.joined(separator: " ")
    }

    @Test(arguments: OracleExpectations.quartz)
    func quartzMatchesQuartz(_ oracle: OracleCase) throws {
        #expect(try Self.runs(of: oracle, dialect: .quartz) == oracle.runs)
    }

    @Test(arguments: OracleExpectations.unix)
    func unixMatchesVixieCron(_ oracle: OracleCase) throws {
        #expect(try Self.runs(of: oracle, dialect: .unix) == oracle.runs)
    }

    @Test(arguments: OracleExpectations.quartzErrors)
    func quartzRefusesWhatQuartzRefuses(_ oracle: OracleCase) {
        #expect(oracle.runs.hasPrefix("ERROR"))
        #expect(throws: ScheduleError.self) { try CronExpression(oracle.expression) }
    }
}
