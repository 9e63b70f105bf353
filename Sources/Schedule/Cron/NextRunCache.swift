import Synchronization

/// Remembers, per expression and time zone, a stretch of consecutive runs, so
/// that asking again for the next run after any time in that stretch (a list
/// page showing every connection's next runs, the scheduler's poll) costs a
/// lookup instead of a calendar walk.
///
/// Exact, not approximate, where the zone's offset no longer changes (the only
/// place ``CronExpression`` uses it): there the runs of an expression are a
/// fixed set of instants, so if `r` is the first run after `from`, it is also
/// the first after every `t` in `from ..< r`; and once `r` is known, the run
/// after it extends the stretch. (Around a clock change they are not: Quartz's
/// answer depends on where its search starts.) An entry holds `from` and up to ``runsKept`` runs
/// `r0 < r1 < …`, each the first after the one before.
final class NextRunCache: Sendable {
    struct Key: Hashable {
        var dialect: CronExpression.Dialect
        var text: String
        var zone: String
    }

    private struct Entry {
        /// The first run after `from` is `runs[0]`.
        var from: Int64
        var runs: [Int64]

        func next(after instant: Int64) -> Int64? {
            guard instant >= from, let last = runs.last, instant < last else { return nil }
            if instant < runs[0] { return runs[0] }
            // The first run strictly after `instant`; `runs` is short and sorted.
            return runs.first { $0 > instant }
        }
    }

    /// Runs kept per entry: enough for a preview of the next few.
    static let runsKept = 8
    /// Entries kept; past it the cache starts over (a bound, not an LRU).
    static let entriesKept = 4096

    static let shared = NextRunCache()

    private let entries = Mutex<[Key: Entry]>([:])

    /// The first run after `instant`: from the cache, or computed by `compute` and remembered.
    func next(_ key: Key, after instant: Int64, compute: (Int64) -> Int64?) -> Int64? {
        if let hit = entries.withLock({ $0[key]?.next(after: instant) }) { return hit }
        guard let run = compute(instant) else { return nil }
        entries.withLock { entries in
            if var entry = entries[key], entry.runs.last == instant {
                entry.runs.append(run)
                if entry.runs.count > Self.runsKept { entry.from = entry.runs.removeFirst() }
                entries[key] = entry
            } else {
                if entries.count >= Self.entriesKept { entries.removeAll(keepingCapacity: true) }
                entries[key] = Entry(from: instant, runs: [run])
            }
        }
        return run
    }
}
