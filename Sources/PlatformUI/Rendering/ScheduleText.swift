import Platform
import PlatformStore
import Schedule

/// A connection's schedule in words, for lists: "weekdays at 02:00 UTC", "every 6 hours", "manual".
enum ScheduleText {
    static func words(_ schedule: ConnectionSchedule) -> String {
        guard let runnable = try? schedule.schedule() else { return "invalid schedule" }
        return runnable.inWords
    }
}

extension ConnectionSyncMode {
    /// As Airbyte's UI names the modes: "Incremental | Append + Deduped".
    var label: String {
        switch self {
        case .fullRefreshOverwrite: "Full refresh | Overwrite"
        case .fullRefreshOverwriteDeduped: "Full refresh | Overwrite + Deduped"
        case .fullRefreshAppend: "Full refresh | Append"
        case .fullRefreshUpdate: "Full refresh | Update"
        case .fullRefreshSoftDelete: "Full refresh | Soft delete"
        case .incrementalAppend: "Incremental | Append"
        case .incrementalDedupedHistory: "Incremental | Append + Deduped"
        case .incrementalUpdate: "Incremental | Update"
        case .incrementalSoftDelete: "Incremental | Soft delete"
        }
    }
}

/// A stream as pages name it: `namespace.name`, or `name`.
enum StreamText {
    static func label(_ name: String, namespace: String?) -> String {
        namespace.map { "\($0).\(name)" } ?? name
    }
}
