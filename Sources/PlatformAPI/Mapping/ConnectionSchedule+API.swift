import AirbyteProtocol
import Foundation
import PlatformStore
import Schedule

extension ConnectionSchedule {
    /// The schedule as the `Schedule` module reads it (which validated it when it was saved).
    var schedule: Schedule? {
        switch self {
        case .manual: return .manual
        case .basic(let units, let timeUnit):
            guard let unit = BasicSchedule.TimeUnit(rawValue: timeUnit.rawValue),
                let basic = try? BasicSchedule(units: units, timeUnit: unit)
            else { return nil }
            return .basic(basic)
        case .cron(let expression, let timeZone):
            return (try? CronSchedule(cronExpression: expression, cronTimeZone: timeZone)).map(Schedule.cron)
        }
    }

    /// Airbyte's `ConnectionScheduleResponse`: `cronExpression` ends with its
    /// zone (`0 0 12 * * ? UTC`), a basic schedule is `basicTiming` (`Every 24 HOURS`).
    /// `nextRuns` (Swiftbyte's addition) lists a cron schedule's next three times.
    func publicAPI(now: Date) -> JSONValue {
        var object: JSONObject = ["scheduleType": .string(scheduleType)]
        switch schedule {
        case .cron(let cron)?:
            object["cronExpression"] = .string(cron.airbyteExpression)
            object["nextRuns"] = .array(cron.nextRuns(after: now, count: 3).map { .string(APIDates.iso8601($0)) })
        case .basic(let basic)?:
            object["basicTiming"] = .string(basic.basicTiming)
        case .manual?, nil:
            if case .cron(let expression, let timeZone) = self { object["cronExpression"] = .string("\(expression) \(timeZone)") }
        }
        return .object(object)
    }

    /// The schedule an `AirbyteApiConnectionSchedule` of a request asks for:
    /// `{"scheduleType": "manual"}`, `{"scheduleType": "cron", "cronExpression":
    /// "0 0 12 * * ?"}` (Quartz or Unix 5-field, optionally ending with an IANA
    /// zone; UTC otherwise), or, beyond Airbyte's public API, `{"scheduleType":
    /// "basic", "basicTiming": "Every 6 HOURS"}`.
    ///
    /// - Throws: a 400 ``APIProblem`` saying what is wrong with the expression.
    static func fromPublicAPI(_ fields: JSONFields) throws(APIProblem) -> ConnectionSchedule {
        enum Kind: String, CaseIterable { case manual, cron, basic }
        let kind = try fields.required("scheduleType") { key throws(APIProblem) in try fields.enumValue(key, as: Kind.self) }
        switch kind {
        case .manual:
            return .manual
        case .cron:
            guard let text = try fields.string("cronExpression"), !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw APIProblem.badRequest(
                    "Missing cron expression in the schedule: \(fields.path(of: "cronExpression")) is required when scheduleType is cron")
            }
            do {
                let cron = try CronSchedule(airbyteExpression: text)
                return .cron(expression: cron.cronExpression, timeZone: cron.cronTimeZone)
            } catch {
                throw APIProblem.badRequest("The cron expression \(text) is not valid: \(error)")
            }
        case .basic:
            guard let text = try fields.string("basicTiming") else {
                throw APIProblem.badRequest(
                    "\(fields.path(of: "basicTiming")) is required when scheduleType is basic (such as \"Every 6 HOURS\")")
            }
            do {
                let basic = try BasicSchedule(basicTiming: text)
                return .basic(units: basic.units, timeUnit: BasicTimeUnit(rawValue: basic.timeUnit.rawValue) ?? .hours)
            } catch {
                throw APIProblem.badRequest("The basic schedule \(text) is not valid: \(error)")
            }
        }
    }
}
