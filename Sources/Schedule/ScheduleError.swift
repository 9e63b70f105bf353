/// A schedule that cannot be used: a cron expression that does not parse or
/// never runs, an unknown time zone, an interval that is not a positive number.
///
/// ``description`` says what is wrong and where ("minute field of
/// '61 0 * * *': 61 is out of range 0-59"), safe to show to the user who
/// typed the expression.
public struct ScheduleError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The cron expression does not parse; ``ScheduleError/field`` names the field when one is at fault.
        public static let invalidCronExpression = Code(name: "invalidCronExpression")
        /// The time zone is not a known IANA name.
        public static let unknownTimeZone = Code(name: "unknownTimeZone")
        /// A basic schedule's units or time unit is not usable.
        public static let invalidInterval = Code(name: "invalidInterval")
        /// The cron expression parses but matches no time from now on.
        public static let neverRuns = Code(name: "neverRuns")
        /// The cron expression would run more than once a minute.
        public static let tooFrequent = Code(name: "tooFrequent")
        /// The code's name, such as `invalidCronExpression`.
        public var description: String { name }
    }

    /// What kind of problem it is.
    public var code: Code
    /// What the user wrote: the expression, the time zone, the interval.
    public var input: String
    /// The cron field at fault, when the problem is in one field.
    public var field: CronField?
    /// What is wrong, in a sentence without the input ("61 is out of range 0-59").
    public var detail: String

    init(_ code: Code, input: String, field: CronField? = nil, detail: String) {
        self.code = code
        self.input = input
        self.field = field
        self.detail = detail
    }

    /// `minute field of '61 0 * * *': 61 is out of range 0-59`.
    public var description: String {
        if let field { return "\(field) field of '\(input)': \(detail)" }
        return "'\(input)': \(detail)"
    }

    /// The description with the error's code.
    public var debugDescription: String {
        "ScheduleError(code: \(code), input: \(input.debugDescription)"
            + (field.map { ", field: \($0)" } ?? "") + ", detail: \(detail.debugDescription))"
    }
}
