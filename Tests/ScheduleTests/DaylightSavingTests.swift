import Foundation
import Schedule
import Testing

/// The clock-change rules, spelled out by hand for New York (spring forward
/// 2024-03-10 02:00 EST → 03:00 EDT at 07:00Z; fall back 2024-11-03 02:00 EDT
/// → 01:00 EST at 06:00Z) and Berlin (2024-03-31 02:00 → 03:00 at 01:00Z;
/// 2024-10-27 03:00 → 02:00 at 01:00Z). OracleTests checks the same rules
/// against Quartz and crondst on more cases.
@Suite struct DaylightSavingTests {
    // MARK: Quartz: skipped times are skipped, repeated times run at their second occurrence

    @Test func quartzSkipsATimeThatDoesNotExist() throws {
        let cron = try CronExpression("0 30 2 * * ?")
        #expect(
            cron.runs(after: "2024-03-09T12:00:00Z", count: 2, in: "America/New_York")
                == ["2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"])
        #expect(cron.runs(after: "2024-03-30T12:00:00Z", count: 1, in: "Europe/Berlin") == ["2024-04-01T00:30:00Z"])
    }

    @Test func quartzRunsARepeatedTimeOnceAtItsSecondOccurrence() throws {
        let cron = try CronExpression("0 30 1 * * ?")
        // 01:30 EST (06:30Z), not 01:30 EDT (05:30Z).
        #expect(
            cron.runs(after: "2024-11-02T12:00:00Z", count: 2, in: "America/New_York")
                == ["2024-11-03T06:30:00Z", "2024-11-04T06:30:00Z"])
        #expect(
            try CronExpression("0 30 2 * * ?").runs(after: "2024-10-26T12:00:00Z", count: 1, in: "Europe/Berlin")
                == ["2024-10-27T01:30:00Z"])
    }

    @Test func quartzRunsNothingInTheFirstPassOfTheRepeatedHour() throws {
        // From 00:45 EDT: the next quarter hours are 01:00…01:45 EDT, all skipped for their EST twins.
        #expect(
            try CronExpression("0 0/15 * * * ?").runs(after: "2024-11-03T04:40:00Z", count: 3, in: "America/New_York")
                == ["2024-11-03T04:45:00Z", "2024-11-03T06:00:00Z", "2024-11-03T06:15:00Z"])
    }

    // MARK: Unix: a fixed job keeps its day; a wildcard job follows the clock

    @Test func unixRunsASkippedFixedTimeWhenTheClocksJump() throws {
        #expect(
            try CronExpression("30 2 * * *").runs(after: "2024-03-09T12:00:00Z", count: 2, in: "America/New_York")
                == ["2024-03-10T07:00:00Z", "2024-03-11T06:30:00Z"])
        // Two skipped times still run once.
        #expect(
            try CronExpression("0,30 2 * * *").runs(after: "2024-03-09T12:00:00Z", count: 2, in: "America/New_York")
                == ["2024-03-10T07:00:00Z", "2024-03-11T06:00:00Z"])
        #expect(
            try CronExpression("30 2 * * *").runs(after: "2024-03-30T12:00:00Z", count: 1, in: "Europe/Berlin")
                == ["2024-03-31T01:00:00Z"])
    }

    @Test func unixRunsARepeatedFixedTimeOnceAtItsFirstOccurrence() throws {
        let cron = try CronExpression("30 1 * * *")
        #expect(
            cron.runs(after: "2024-11-02T12:00:00Z", count: 2, in: "America/New_York")
                == ["2024-11-03T05:30:00Z", "2024-11-04T06:30:00Z"])
        // Asked during the second pass, it does not run again that day.
        #expect(cron.runs(after: "2024-11-03T06:10:00Z", count: 1, in: "America/New_York") == ["2024-11-04T06:30:00Z"])
    }

    @Test func unixWildcardJobsFollowTheClock() throws {
        let hourly = try CronExpression("30 * * * *")
        // Spring: 01:30 EST, then 03:30 EDT: no 02:30.
        #expect(
            hourly.runs(after: "2024-03-10T05:00:00Z", count: 3, in: "America/New_York")
                == ["2024-03-10T05:30:00Z", "2024-03-10T06:30:00Z", "2024-03-10T07:30:00Z"])
        // Autumn: 01:30 EDT and 01:30 EST both run.
        #expect(
            hourly.runs(after: "2024-11-03T05:00:00Z", count: 3, in: "America/New_York")
                == ["2024-11-03T05:30:00Z", "2024-11-03T06:30:00Z", "2024-11-03T07:30:00Z"])
    }

    // MARK: Zones without clock changes, and the default

    @Test func theDefaultZoneIsUTC() throws {
        let cron = try CronExpression("0 2 * * *")
        #expect(cron.nextRun(after: instant("2024-03-10T00:00:00Z")) == instant("2024-03-10T02:00:00Z"))
        #expect(try CronSchedule(cronExpression: "0 2 * * *").cronTimeZone == "UTC")
    }

    @Test func halfAndQuarterHourZones() throws {
        #expect(
            try CronExpression("0 0 12 * * ?").runs(after: "2024-01-01T00:00:00Z", count: 1, in: "Asia/Kathmandu")
                == ["2024-01-01T06:15:00Z"])
        #expect(
            try CronExpression("0 12 * * *").runs(after: "2024-01-01T00:00:00Z", count: 1, in: "Asia/Kolkata")
                == ["2024-01-01T06:30:00Z"])
    }

    @Test func aDayThatASkippedMidnightStarts() throws {
        // São Paulo 2018-11-04: clocks jumped from 00:00 to 01:00.
        #expect(
            try CronExpression("0 0 0 * * ?").runs(after: "2018-11-03T12:00:00Z", count: 1, in: "America/Sao_Paulo")
                == ["2018-11-05T02:00:00Z"])
        #expect(
            try CronExpression("0 0 * * *").runs(after: "2018-11-03T12:00:00Z", count: 1, in: "America/Sao_Paulo")
                == ["2018-11-04T03:00:00Z"])
    }
}
