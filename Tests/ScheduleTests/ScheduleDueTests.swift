import Foundation
import Schedule
import Testing

@Suite struct ScheduleDueTests {
    let created = instant("2024-01-01T00:00:00Z")

    @Test func manualIsNeverDue() {
        #expect(Schedule.manual.due(lastRun: nil, scheduledSince: created, now: instant("2030-01-01T00:00:00Z")) == .never)
        #expect(Schedule.manual.nextRuns(after: created, count: 5).isEmpty)
    }

    @Test func basicRunsAtOnceThenCountsFromTheLastRun() throws {
        let every6h = Schedule.basic(try BasicSchedule(units: 6, timeUnit: .hours))
        // Never synced: due at once, as Airbyte does after creating a connection.
        #expect(every6h.due(lastRun: nil, scheduledSince: created, now: created) == .now(scheduledFor: created))
        // A sync at 01:17 (by hand, say) moves the next one to 07:17.
        let lastRun = instant("2024-01-01T01:17:00Z")
        #expect(
            every6h.due(lastRun: lastRun, scheduledSince: created, now: instant("2024-01-01T07:00:00Z"))
                == .later(instant("2024-01-01T07:17:00Z")))
        #expect(every6h.due(lastRun: lastRun, scheduledSince: created, now: instant("2024-01-01T07:17:00Z")).isDue)
    }

    @Test func aMonthIsThirtyDaysAsInAirbyte() throws {
        let monthly = try BasicSchedule(units: 1, timeUnit: .months)
        #expect(monthly.interval == 30 * 86_400)
        #expect(try BasicSchedule(units: 2, timeUnit: .weeks).interval == 14 * 86_400)
        #expect(try BasicSchedule(units: 15, timeUnit: .minutes).interval == 900)
    }

    /// Down for three days over a daily 02:00 schedule: one sync is owed, due
    /// at the first missed time; once it ran, the next is tomorrow's 02:00,
    /// not the other two missed ones.
    @Test func aMissedCronScheduleRunsOnce() throws {
        let daily = Schedule.cron(try CronSchedule(cronExpression: "0 2 * * *"))
        let lastRun = instant("2024-01-01T02:00:03Z")
        let backUp = instant("2024-01-04T10:00:00Z")
        #expect(daily.due(lastRun: lastRun, scheduledSince: created, now: backUp) == .now(scheduledFor: instant("2024-01-02T02:00:00Z")))
        // The scheduler starts the owed sync at 10:00:01 and records it.
        let caughtUp = instant("2024-01-04T10:00:01Z")
        #expect(
            daily.due(lastRun: caughtUp, scheduledSince: created, now: caughtUp.addingTimeInterval(1))
                == .later(instant("2024-01-05T02:00:00Z")))
    }

    @Test func aMissedBasicScheduleRunsOnce() throws {
        let hourly = Schedule.basic(try BasicSchedule(units: 1, timeUnit: .hours))
        let lastRun = instant("2024-01-01T00:00:00Z")
        let backUp = instant("2024-01-03T00:00:00Z")
        #expect(hourly.due(lastRun: lastRun, scheduledSince: created, now: backUp) == .now(scheduledFor: instant("2024-01-01T01:00:00Z")))
        #expect(hourly.due(lastRun: backUp, scheduledSince: created, now: backUp) == .later(instant("2024-01-03T01:00:00Z")))
    }

    @Test func cronTimesBeforeTheScheduleTookEffectAreNotOwed() throws {
        let daily = Schedule.cron(try CronSchedule(cronExpression: "0 0 2 * * ?"))
        // Never synced, created at 2024-01-01T00:00Z: the first run is that day's 02:00, not at once.
        #expect(daily.due(lastRun: nil, scheduledSince: created, now: created) == .later(instant("2024-01-01T02:00:00Z")))
        // A time exactly at the schedule's start counts.
        #expect(daily.nextRun(lastRun: nil, scheduledSince: instant("2024-01-01T02:00:00Z")) == instant("2024-01-01T02:00:00Z"))
        // Switched to this schedule on the 10th after a last sync on the 1st: nothing is owed for the days between.
        let switched = instant("2024-01-10T12:00:00Z")
        #expect(daily.nextRun(lastRun: instant("2024-01-01T05:00:00Z"), scheduledSince: switched) == instant("2024-01-11T02:00:00Z"))
    }

    @Test func aRunAtTheScheduledTimeIsNotRepeated() throws {
        let daily = Schedule.cron(try CronSchedule(cronExpression: "0 2 * * *"))
        // Started at exactly 02:00:00: the next is tomorrow.
        #expect(daily.nextRun(lastRun: instant("2024-01-02T02:00:00Z"), scheduledSince: created) == instant("2024-01-03T02:00:00Z"))
        // Started a moment before 02:00 (a manual sync): today's 02:00 still runs.
        #expect(daily.nextRun(lastRun: instant("2024-01-02T01:59:59Z"), scheduledSince: created) == instant("2024-01-02T02:00:00Z"))
    }

    @Test func cronInAZone() throws {
        let paris = Schedule.cron(try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "Europe/Paris"))
        #expect(
            paris.nextRuns(after: instant("2024-03-30T00:00:00Z"), count: 3).map(\.iso)
                == ["2024-03-30T11:00:00Z", "2024-03-31T10:00:00Z", "2024-04-01T10:00:00Z"])
    }

    @Test func basicPreviewsCountIntervals() throws {
        let every6h = Schedule.basic(try BasicSchedule(units: 6, timeUnit: .hours))
        #expect(
            every6h.nextRuns(after: created, count: 3).map(\.iso)
                == ["2024-01-01T06:00:00Z", "2024-01-01T12:00:00Z", "2024-01-01T18:00:00Z"])
        #expect(every6h.nextRuns(after: created, count: 0).isEmpty)
    }
}

@Suite struct ScheduleShapesTests {
    @Test func basicTiming() throws {
        #expect(try BasicSchedule(basicTiming: "Every 24 HOURS") == BasicSchedule(units: 24, timeUnit: .hours))
        #expect(try BasicSchedule(basicTiming: "every 1 hour") == BasicSchedule(units: 1, timeUnit: .hours))
        #expect(try BasicSchedule(units: 30, timeUnit: .minutes).basicTiming == "Every 30 MINUTES")
        #expect(throws: ScheduleError.self) { try BasicSchedule(basicTiming: "every day") }
        #expect(throws: ScheduleError.self) { try BasicSchedule(basicTiming: "Every 3 FORTNIGHTS") }
        #expect(throws: ScheduleError.self) { try BasicSchedule(units: 0, timeUnit: .hours) }
        #expect(throws: ScheduleError.self) { try BasicSchedule(units: -2, timeUnit: .days) }
    }

    @Test func cronZones() throws {
        #expect(try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "europe/paris").cronTimeZone == "Europe/Paris")
        #expect(try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "utc").cronTimeZone == "UTC")
        #expect {
            try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "Mars/Olympus")
        } throws: { ($0 as? ScheduleError)?.code == .unknownTimeZone }
    }

    @Test func moreThanOnceAMinuteIsRefused() {
        #expect {
            try CronSchedule(cronExpression: "*/30 * * * * ?")
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            return error.code == .tooFrequent && error.field == .second
        }
    }

    /// The public API's `cronExpression` carries the zone after the
    /// expression, and Airbyte answers in that form.
    @Test func airbyteExpressionWithZone() throws {
        let utc = try CronSchedule(airbyteExpression: "0 0 12 * * ? UTC")
        #expect(utc.cronExpression == "0 0 12 * * ?" && utc.cronTimeZone == "UTC")
        #expect(utc.airbyteExpression == "0 0 12 * * ? UTC")
        let berlin = try CronSchedule(airbyteExpression: "0 2 * * 1-5 Europe/Berlin")
        #expect(berlin.cronExpression == "0 2 * * 1-5" && berlin.cronTimeZone == "Europe/Berlin")
        let noZone = try CronSchedule(airbyteExpression: "0 0 12 ? * MON")
        #expect(noZone.cronExpression == "0 0 12 ? * MON" && noZone.cronTimeZone == "UTC")
        let withYear = try CronSchedule(airbyteExpression: "0 0 12 ? * 6L 2030")
        #expect(withYear.cronExpression == "0 0 12 ? * 6L 2030")
    }

    /// Stored as Airbyte's scheduleType + scheduleData; decoding validates.
    @Test func codableAsAirbyteScheduleData() throws {
        let schedules: [Schedule] = [
            .manual,
            .basic(try BasicSchedule(units: 6, timeUnit: .hours)),
            .cron(try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "Europe/Paris")),
        ]
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let texts = try schedules.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        #expect(
            texts == [
                #"{"scheduleType":"manual"}"#,
                #"{"basicSchedule":{"timeUnit":"hours","units":6},"scheduleType":"basic"}"#,
                #"{"cron":{"cronExpression":"0 0 12 * * ?","cronTimeZone":"Europe\/Paris"},"scheduleType":"cron"}"#,
            ])
        for (schedule, text) in zip(schedules, texts) {
            #expect(try JSONDecoder().decode(Schedule.self, from: Data(text.utf8)) == schedule)
        }
        // The seed guide's legacy shape.
        #expect(
            try JSONDecoder().decode(BasicSchedule.self, from: Data(#"{"units": 24, "timeUnit": "hours"}"#.utf8))
                == BasicSchedule(units: 24, timeUnit: .hours))
        for bad in [
            #"{"scheduleType":"cron","cron":{"cronExpression":"0 61 * * *"}}"#,
            #"{"scheduleType":"cron","cron":{"cronExpression":"0 0 * * *","cronTimeZone":"Nowhere"}}"#,
            #"{"scheduleType":"basic","basicSchedule":{"units":0,"timeUnit":"hours"}}"#,
            #"{"scheduleType":"basic","basicSchedule":{"units":1,"timeUnit":"fortnights"}}"#,
            #"{"scheduleType":"sometimes"}"#,
        ] {
            #expect(throws: DecodingError.self) { try JSONDecoder().decode(Schedule.self, from: Data(bad.utf8)) }
        }
    }
}
