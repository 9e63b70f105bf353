import Foundation
import Platform
import PlatformStore
import Schedule

/// The schedule editor's fields: `schedule_type` (manual, basic, cron),
/// `units` and `time_unit` for an interval, `cron` and `time_zone` for a cron
/// expression. What a person typed is kept to show it again with its error.
struct ScheduleForm {
    var type: String
    var units: String
    var timeUnit: String
    var cron: String
    var timeZone: String

    /// The form showing `schedule`.
    init(_ schedule: ConnectionSchedule) {
        switch schedule {
        case .manual: (type, units, timeUnit, cron, timeZone) = ("manual", "24", "hours", "0 2 * * *", "UTC")
        case .basic(let units, let unit):
            (type, self.units, timeUnit, cron, timeZone) = ("basic", String(units), unit.rawValue, "0 2 * * *", "UTC")
        case .cron(let expression, let zone): (type, units, timeUnit, cron, timeZone) = ("cron", "24", "hours", expression, zone)
        }
    }

    /// The form as posted (or queried, for a preview).
    init(_ form: FormData) {
        type = form["schedule_type"] ?? "manual"
        units = form.trimmed("units") ?? ""
        timeUnit = form["time_unit"] ?? "hours"
        cron = form.trimmed("cron") ?? ""
        timeZone = form.trimmed("time_zone") ?? "UTC"
    }

    /// The schedule the fields describe, or what is wrong with them.
    var schedule: Result<ConnectionSchedule, ScheduleProblem> {
        switch type {
        case "manual":
            return .success(.manual)
        case "basic":
            guard let count = Int(units), count >= 1 else {
                return .failure(ScheduleProblem(field: "units", message: "Every how many: a whole number of at least 1."))
            }
            guard let unit = ConnectionSchedule.BasicTimeUnit(rawValue: timeUnit) else {
                return .failure(ScheduleProblem(field: "time_unit", message: "Pick minutes, hours, days, weeks or months."))
            }
            return .success(.basic(units: count, timeUnit: unit))
        case "cron":
            guard !cron.isEmpty else {
                return .failure(ScheduleProblem(field: "cron", message: "Write a cron expression, such as 0 2 * * 1-5."))
            }
            return .success(.cron(expression: cron, timeZone: timeZone.isEmpty ? "UTC" : timeZone))
        default:
            return .failure(ScheduleProblem(field: "schedule_type", message: "Pick manual, an interval or cron."))
        }
    }

    /// The schedule, checked by the domain, with its preview (its next `count` runs after `now`).
    func preview(service: PlatformService, count: Int = 5, now: Date) -> Result<(ConnectionSchedule, SchedulePreview), ScheduleProblem> {
        switch schedule {
        case .failure(let problem):
            return .failure(problem)
        case .success(let schedule):
            do {
                return .success((schedule, try service.schedulePreview(schedule, count: count, after: now)))
            } catch let error as PlatformError {
                let field =
                    (error.underlying as? ScheduleError)?.code == .unknownTimeZone
                    ? "time_zone"
                    : (type == "basic" ? "units" : "cron")
                return .failure(ScheduleProblem(field: field, message: error.problems.first ?? error.message))
            } catch {
                return .failure(ScheduleProblem(field: "cron", message: "\(error)"))
            }
        }
    }
}

/// What is wrong with a schedule, and in which field.
struct ScheduleProblem: Error, Sendable, Hashable {
    var field: String
    var message: String
}

/// The schedule editor as its template draws it: the fields, the preview or the error.
struct ScheduleEditorView {
    struct UnitOption {
        var value: String
        var label: String
        var selected: Bool
    }

    var isManual: Bool
    var isBasic: Bool
    var isCron: Bool
    var units: String
    var unitOptions: [UnitOption]
    var cron: String
    var timeZone: String
    var previewWords: String?
    var previewRuns: [String]
    var hasPreviewRuns: Bool
    var problem: String?
    var problemField: String
    var unitsInvalid: Bool
    var cronInvalid: Bool
    var zoneInvalid: Bool
    var timeZones: [String]

    init(form: ScheduleForm, service: PlatformService, now: Date) {
        isManual = form.type == "manual"
        isBasic = form.type == "basic"
        isCron = form.type == "cron"
        units = form.units
        unitOptions = ConnectionSchedule.BasicTimeUnit.allCases.map {
            UnitOption(value: $0.rawValue, label: $0.rawValue, selected: $0.rawValue == form.timeUnit)
        }
        cron = form.cron
        timeZone = form.timeZone
        switch form.preview(service: service, now: now) {
        case .success(let (schedule, preview)):
            previewWords = preview.words == "manual" ? "Manual: syncs only when you start one." : "Syncs \(preview.words)."
            let zone = ConnectionView.zone(of: schedule)
            previewRuns = preview.nextRuns.map { Format.scheduleTime($0, zone: zone.zone, zoneName: zone.name) }
            problem = nil
            problemField = ""
        case .failure(let failure):
            previewWords = nil
            previewRuns = []
            problem = failure.message
            problemField = failure.field
        }
        hasPreviewRuns = !previewRuns.isEmpty
        unitsInvalid = problemField == "units"
        cronInvalid = problemField == "cron"
        zoneInvalid = problemField == "time_zone"
        timeZones = ScheduleEditorView.zoneNames
    }

    static let zoneNames: [String] = ["UTC"] + TimeZone.knownTimeZoneIdentifiers.filter { $0 != "UTC" && $0.contains("/") }.sorted()
}

/// What the live preview asks for and gets: the words and next runs, or the error.
struct SchedulePreviewAnswer: Encodable {
    var ok: Bool
    var words: String?
    var runs: [String]
    var error: String?
    var field: String?

    init(_ form: ScheduleForm, service: PlatformService, now: Date) {
        let view = ScheduleEditorView(form: form, service: service, now: now)
        ok = view.problem == nil
        words = view.previewWords
        runs = view.previewRuns
        error = view.problem
        field = view.problem == nil ? nil : view.problemField
    }
}
