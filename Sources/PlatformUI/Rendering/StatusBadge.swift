import PlatformStore

/// A status as the pages show it: an icon and a word, with a colour only as a
/// third cue (the `status` partial), so it reads without colour too.
struct StatusBadge: Sendable, Hashable {
    /// The stylesheet's tone: `success`, `danger`, `warning`, `info`, `neutral`.
    var tone: String
    /// A symbol (hidden from screen readers: the label says it).
    var icon: String
    /// The word.
    var label: String

    /// The seed guide's indicators for a job: succeeded, failed, running, cancelled (and queued, retrying).
    init(job status: JobStatus) {
        switch status {
        case .pending: (tone, icon, label) = ("neutral", "…", "Queued")
        case .running: (tone, icon, label) = ("info", "⟳", "Running")
        case .incomplete: (tone, icon, label) = ("warning", "↻", "Retrying")
        case .succeeded: (tone, icon, label) = ("success", "✓", "Succeeded")
        case .failed: (tone, icon, label) = ("danger", "✕", "Failed")
        case .cancelled: (tone, icon, label) = ("neutral", "⊘", "Cancelled")
        }
    }

    /// An attempt's.
    init(attempt status: Attempt.Status) {
        switch status {
        case .running: self.init(job: .running)
        case .succeeded: self.init(job: .succeeded)
        case .failed: self.init(job: .failed)
        }
    }

    /// A connection's: active, inactive, or disabled by the platform after failures.
    init(connection: SavedConnection) {
        switch connection.status {
        case .active: (tone, icon, label) = ("success", "●", "Active")
        case .inactive where connection.statusReason != nil: (tone, icon, label) = ("danger", "⏸", "Disabled after failures")
        case .inactive: (tone, icon, label) = ("neutral", "⏸", "Inactive")
        case .locked: (tone, icon, label) = ("warning", "■", "Locked")
        case .deprecated: (tone, icon, label) = ("neutral", "⌫", "Deleted")
        }
    }

    /// A `check`'s result.
    init(check succeeded: Bool) {
        (tone, icon, label) = succeeded ? ("success", "✓", "Connection test succeeded") : ("danger", "✕", "Connection test failed")
    }
}
