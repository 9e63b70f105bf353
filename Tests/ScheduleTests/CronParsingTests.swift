import Foundation
import Schedule
import Testing

@Suite struct CronParsingTests {
    @Test func dialectFollowsFieldCount() throws {
        #expect(try CronExpression("0 2 * * 1-5").dialect == .unix)
        #expect(try CronExpression("0 0 12 * * ?").dialect == .quartz)
        #expect(try CronExpression("0 0 12 * * ? 2030").dialect == .quartz)
        #expect(try CronExpression("@daily").dialect == .unix)
        #expect(try CronExpression("  0   2 *\t* 1-5 ").text == "0 2 * * 1-5")
    }

    @Test func aDialectCanBeRequired() {
        #expect(throws: ScheduleError.self) { try CronExpression("0 0 12 * * ?", dialect: .unix) }
        #expect(throws: ScheduleError.self) { try CronExpression("0 2 * * 1-5", dialect: .quartz) }
        #expect(throws: ScheduleError.self) { try CronExpression("@daily", dialect: .quartz) }
    }

    /// The error names the field and says what is wrong with it, in words a
    /// user can act on.
    @Test(arguments: [
        ("61 0 * * *", CronField.minute, "61 is out of range 0-59"),
        ("0 24 * * *", .hour, "24 is out of range 0-23"),
        ("0 0 0 * *", .dayOfMonth, "0 is out of range 1-31"),
        ("0 0 * 13 *", .month, "13 is out of range 1-12"),
        ("0 0 * * 8", .dayOfWeek, "8 is out of range 0-7 (0 and 7 are Sunday)"),
        ("0 0 * * MON-FOO", .dayOfWeek, "'FOO' is not a number or a name (SUN-SAT)"),
        ("0 0 * FOO *", .month, "'FOO' is not a number or a name (JAN-DEC)"),
        ("x 0 * * *", .minute, "'x' is not a number"),
        ("0 5-1 * * *", .hour, "the range '5-1' runs backwards (5 is after 1)"),
        ("*/0 * * * *", .minute, "the step in '*/0' must be a whole number of at least 1"),
        ("*/61 * * * *", .minute, "the step 61 in '*/61' is larger than the field's range 0-59"),
        ("1,,2 * * * *", .minute, "'1,,2' has an empty item in its list"),
        ("1/2/3 * * * *", .minute, "'1/2/3' has more than one '/'"),
        (
            "0 0 L * *", .dayOfMonth,
            "'L' is Quartz syntax, which a 5-field Unix expression cannot use (a Quartz expression has 6 or 7 fields, seconds first)"
        ),
        (
            "0 0 ? * MON", .dayOfMonth,
            "'?' is Quartz syntax, which a 5-field Unix expression cannot use (a Quartz expression has 6 or 7 fields, seconds first)"
        ),
        (
            "0 0 * * 5#2", .dayOfWeek,
            "'#' is Quartz syntax, which a 5-field Unix expression cannot use (a Quartz expression has 6 or 7 fields, seconds first)"
        ),
        ("0 60 0 * * ?", .minute, "60 is out of range 0-59"),
        ("0 0 0 ? * 0", .dayOfWeek, "0 is out of range 1-7 (1 is Sunday in Quartz)"),
        ("0 0 0 ? * 8", .dayOfWeek, "8 is out of range 1-7 (1 is Sunday in Quartz)"),
        (
            "0 0 12 * * *", .dayOfWeek,
            "Quartz needs '?' in exactly one of day-of-month ('*') and day-of-week ('*'), as in '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?'"
        ),
        (
            "0 0 15 * * MON,TUE", .dayOfWeek,
            "Quartz needs '?' in exactly one of day-of-month ('*') and day-of-week ('MON,TUE'), as in '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?'"
        ),
        (
            "0 0 12 ? * ?", .dayOfWeek,
            "'?' can stand in day-of-month or day-of-week, not both: put '*' or days in one of them, as in '0 0 12 ? * MON-FRI' or '0 0 12 1 * ?'"
        ),
        ("0 0 0 L-40 * ?", .dayOfMonth, "'L-40': the offset from the last day must be 0-30, not 40"),
        ("0 0 0 L-x * ?", .dayOfMonth, "'L-x' is not L, LW, L-n or L-nW (n days before the last day of the month)"),
        ("0 0 0 1,15L * ?", .dayOfMonth, "'L' and 'W' cannot be combined with other days in a list ('1,15L')"),
        ("0 0 0 32W * ?", .dayOfMonth, "'32W': 32 is out of range 1-31"),
        ("0 0 0 W * ?", .dayOfMonth, "'W' is not nW (the weekday nearest day n), L, LW or L-n"),
        ("0 0 0 ? * 6#6", .dayOfWeek, "'6#6': the week number after '#' must be 1-5, not 6"),
        ("0 0 0 ? * 6#3,2", .dayOfWeek, "'L' and '#' take a single day ('6L', 'FRI#3'), not a list, range or step ('6#3,2')"),
        ("0 0 0 ? * 9L", .dayOfWeek, "'9L': 9 is out of range 1-7 (1 is Sunday in Quartz)"),
        ("0 0 0 ? * 3W", .dayOfWeek, "'W' is only allowed in the day-of-month field"),
        ("0 L 0 ? * MON", .minute, "'L' is only allowed in the day-of-month or day-of-week field"),
        ("0 0 12 5/40 * ?", .dayOfMonth, "the step 40 in '5/40' is larger than the field's range 1-31"),
        ("0 0 0 1 1 ? 1969", .year, "1969 is out of range 1970-2099"),
    ])
    func errorsNameTheFieldAndTheProblem(expression: String, field: CronField, detail: String) {
        #expect {
            try CronExpression(expression)
        } throws: { error in
            guard let error = error as? ScheduleError else { return false }
            #expect(error.code == .invalidCronExpression)
            #expect(error.field == field)
            #expect(error.detail == detail)
            #expect(error.description == "\(field) field of '\(expression)': \(detail)")
            return true
        }
    }

    @Test(arguments: [
        ("", "the expression is empty"),
        (
            "0 0 * *",
            "expected 5 fields (Unix: minute hour day-of-month month day-of-week) or 6 to 7 fields (Quartz: second minute hour day-of-month month day-of-week [year]), found 4"
        ),
        (
            "0 0 0 * * ? 2024 x",
            "expected 5 fields (Unix: minute hour day-of-month month day-of-week) or 6 to 7 fields (Quartz: second minute hour day-of-month month day-of-week [year]), found 8"
        ),
        ("@reboot", "'@reboot' is not a schedule; the aliases are @annually, @daily, @hourly, @midnight, @monthly, @weekly, @yearly"),
    ])
    func errorsAboutTheWholeExpression(expression: String, detail: String) {
        #expect {
            try CronExpression(expression)
        } throws: { error in
            (error as? ScheduleError)?.detail == detail && (error as? ScheduleError)?.field == nil
        }
    }

    @Test func namesAndNumbersAreTheSame() throws {
        let utc = TimeZone(identifier: "UTC")!
        let start = Date(timeIntervalSince1970: 1_704_067_200)  // 2024-01-01, a Monday
        func runs(_ text: String) throws -> [Date] { try CronExpression(text).nextRuns(after: start, count: 8, in: utc) }
        #expect(try runs("0 9 * * MON-FRI") == runs("0 9 * * 1-5"))
        #expect(try runs("0 9 * * mon-fri") == runs("0 9 * * 1-5"))
        #expect(try runs("0 9 * * 0") == runs("0 9 * * 7"))
        #expect(try runs("0 0 9 ? * MON-FRI") == runs("0 0 9 ? * 2-6"))
        #expect(try runs("0 0 9 ? * MON-FRI") == runs("0 9 * * 1-5"))
        #expect(try runs("0 0 0 1 JAN,JUL ?") == runs("0 0 1 1,7 *"))
        #expect(try runs("0 0 0 L * ?") == runs("0 0 0 L-0 * ?"))
    }

    @Test func onlyQuartzSecondsCanRunMoreThanOnceAMinute() throws {
        #expect(try CronExpression("*/30 * * * * ?").runsMoreThanOncePerMinute)
        #expect(try CronExpression("0,30 * * * * ?").runsMoreThanOncePerMinute)
        #expect(try !CronExpression("0 * * * * ?").runsMoreThanOncePerMinute)
        #expect(try !CronExpression("* * * * *").runsMoreThanOncePerMinute)
    }

    @Test func anExpressionThatNeverRunsAgainHasNoNextRun() throws {
        let now = Date(timeIntervalSince1970: 1_704_067_200)
        #expect(try CronExpression("0 0 0 30 2 ?").nextRun(after: now) == nil)
        #expect(try CronExpression("0 0 31 4 *").nextRun(after: now) == nil)
        #expect(try CronExpression("0 0 0 1 1 ? 2002-2005").nextRun(after: now) == nil)
        #expect(try CronExpression("0 0 0 1 1 ? 2024-2025").nextRuns(after: now, count: 5, in: .gmt).count == 1)
    }
}
