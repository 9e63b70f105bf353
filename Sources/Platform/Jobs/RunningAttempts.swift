import PlatformStore
import Synchronization

/// Why a running attempt was stopped before it ended by itself.
enum StopReason: Sendable, Hashable {
    /// Someone cancelled the job.
    case cancelRequested
    /// The server is shutting down: the attempt is retried later.
    case shutdown
    /// Another worker took the job over (this one's lease expired): stop, record nothing.
    case leaseLost
}

/// The attempts this process runs, by job: how a cancel or a shutdown reaches them.
final class RunningAttempts: Sendable {
    private struct Entry {
        var stop: @Sendable () -> Void
        var reason: StopReason?
    }

    private let entries = Mutex<[JobID: Entry]>([:])
    /// Set by a shutdown: an attempt registered afterwards is stopped at once.
    private let closed = Mutex(false)

    /// Registers an attempt of `job`; `stop` cancels its task. After a shutdown
    /// began, the attempt is stopped for it at once.
    func register(_ job: JobID, stop: @escaping @Sendable () -> Void) {
        entries.withLock { $0[job] = Entry(stop: stop, reason: nil) }
        if closed.withLock({ $0 }) { self.stop(job, reason: .shutdown) }
    }

    func remove(_ job: JobID) {
        entries.withLock { _ = $0.removeValue(forKey: job) }
    }

    /// Stops the attempt of `job` for `reason` (the first reason given wins).
    func stop(_ job: JobID, reason: StopReason) {
        let stop = entries.withLock { entries -> (@Sendable () -> Void)? in
            guard var entry = entries[job] else { return nil }
            if entry.reason == nil { entry.reason = reason }
            entries[job] = entry
            return entry.stop
        }
        stop?()
    }

    /// Stops every attempt for `reason`; after a shutdown, new ones too.
    func stopAll(reason: StopReason) {
        if reason == .shutdown { closed.withLock { $0 = true } }
        for job in entries.withLock({ Array($0.keys) }) { stop(job, reason: reason) }
    }

    /// Why the attempt of `job` was stopped, if it was.
    func reason(_ job: JobID) -> StopReason? {
        entries.withLock { $0[job]?.reason }
    }

    /// How many attempts run.
    var count: Int { entries.withLock { $0.count } }
}
