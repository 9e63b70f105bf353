import Foundation
import Schedule
import Testing

@Suite struct ScheduleWordsTests {
    static func cron(_ expression: String, _ zone: String = "UTC") throws -> String {
        Schedule.cron(try CronSchedule(cronExpression: expression, cronTimeZone: zone)).inWords
    }

    @Test func manualAndBasic() throws {
        #expect(Schedule.manual.inWords == "manual")
        #expect(Schedule.basic(try BasicSchedule(units: 6, timeUnit: .hours)).inWords == "every 6 hours")
        #expect(Schedule.basic(try BasicSchedule(units: 1, timeUnit: .hours)).inWords == "every hour")
        #expect(Schedule.basic(try BasicSchedule(units: 1, timeUnit: .days)).inWords == "every day")
        #expect(Schedule.basic(try BasicSchedule(units: 30, timeUnit: .minutes)).inWords == "every 30 minutes")
        #expect(Schedule.basic(try BasicSchedule(units: 2, timeUnit: .weeks)).inWords == "every 2 weeks")
    }

    @Test(arguments: [
        ("0 */6 * * *", "UTC", "every 6 hours"),
        ("0 0 */6 * * ?", "UTC", "every 6 hours"),
        ("30 */2 * * *", "UTC", "every 2 hours at :30"),
        ("* * * * *", "UTC", "every minute"),
        ("*/15 * * * *", "UTC", "every 15 minutes"),
        ("@hourly", "UTC", "every hour"),
        ("15 * * * *", "UTC", "every hour at :15"),
        ("*/15 * * * 1-5", "UTC", "every 15 minutes on weekdays (UTC)"),
        ("0 * * JAN *", "Europe/Paris", "every hour in January (Europe/Paris)"),
        ("0 */4 1 * *", "UTC", "every 4 hours on the 1st of every month (UTC)"),
        ("0 2 * * 1-5", "UTC", "weekdays at 02:00 UTC"),
        ("0 0 2 ? * MON-FRI", "Europe/Berlin", "weekdays at 02:00 (Europe/Berlin)"),
        ("0 0 12 * * ?", "Europe/Paris", "at 12:00 every day (Europe/Paris)"),
        ("0 0 12 * * ?", "UTC", "at 12:00 UTC every day"),
        ("@daily", "UTC", "at 00:00 UTC every day"),
        ("0 9,17 * * *", "UTC", "at 09:00 and 17:00 UTC every day"),
        ("30 10 0 * * ?", "UTC", "at 00:10:30 UTC every day"),
        ("0 0 0 L * ?", "UTC", "on the last day of the month at 00:00 UTC"),
        ("0 0 0 LW * ?", "UTC", "on the last weekday of the month at 00:00 UTC"),
        ("0 0 0 L-3 * ?", "UTC", "3 days before the last day of the month at 00:00 UTC"),
        ("0 0 9 15W * ?", "UTC", "on the weekday nearest the 15th of the month at 09:00 UTC"),
        ("0 0 1 * *", "UTC", "on the 1st of every month at 00:00 UTC"),
        ("0 6 1,15 * *", "UTC", "on the 1st and 15th of every month at 06:00 UTC"),
        ("0 0 1 1 *", "UTC", "every year on 1 January at 00:00 UTC"),
        ("0 0 1 1,4,7,10 *", "UTC", "on the 1st of January, April, July and October at 00:00 UTC"),
        ("0 15 10 ? * 6L", "UTC", "on the last Friday of the month at 10:15 UTC"),
        ("0 0 9 ? * MON#1", "America/New_York", "on the first Monday of the month at 09:00 (America/New_York)"),
        ("0 8 * * SAT,SUN", "UTC", "weekends at 08:00 UTC"),
        ("0 8 * * MON,WED,FRI", "UTC", "on Mondays, Wednesdays and Fridays at 08:00 UTC"),
        ("0 8 * JAN *", "UTC", "every day in January at 08:00 UTC"),
        // Shapes too unusual for words fall back to the expression.
        ("0 0 1 * MON", "UTC", "cron 0 0 1 * MON (UTC)"),
        ("0 0 12 1 1 ? 2030", "UTC", "cron 0 0 12 1 1 ? 2030 (UTC)"),
        ("0 0/7 9-17 ? * 2#1", "UTC", "cron 0 0/7 9-17 ? * 2#1 (UTC)"),
        ("5,10,20,40,50 1 * * *", "Asia/Tokyo", "cron 5,10,20,40,50 1 * * * (Asia/Tokyo)"),
    ])
    func cronInWords(expression: String, zone: String, words: String) throws {
        #expect(try Self.cron(expression, zone) == words)
    }
}
