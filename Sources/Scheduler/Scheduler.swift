import Foundation
public import Logging
public import Schedule
import Synchronization

/// Starts the syncs connections' schedules ask for, on time.
///
/// It reads the connections, sends every sync that is due in one batch,
/// then sleeps until the earliest next run, or until ``schedulesChanged()``
/// says a schedule was created, changed or removed, or at most
/// `refreshInterval` (so changes made by another server process sharing the
/// store are seen too). A sync missed while the server was down is sent once,
/// not once per missed time (see ``Schedule/nextRun(lastRun:scheduledSince:)``).
///
/// ```swift
/// let scheduler = Scheduler(connections: store, logger: logger)
/// try await scheduler.run()   // until the task is cancelled
/// ```
public final class Scheduler<Connections: ScheduledConnections>: Sendable {
    public typealias ID = Connections.ConnectionID

    private let connections: Connections
    private let clock: any WallClock
    private let logger: Logger
    private let refreshInterval: TimeInterval
    private let retryDelay: TimeInterval
    private let changeSettle: Duration
    private let wake = WakeSignal()
    /// When this scheduler sent each connection's last sync, until the store's
    /// `lastRun` catches up: a connection is never sent twice for one due time.
    private let sent = Mutex<[ID: Date]>([:])

    /// - Parameters:
    ///   - connections: the store to read connections from and queue syncs in.
    ///   - clock: the time source; tests pass a ``ManualClock``.
    ///   - refreshInterval: the longest sleep between two readings of the connections.
    ///   - retryDelay: the wait after the store failed, before trying again.
    ///   - changeSettle: after ``schedulesChanged()``, how long (real time) to wait for
    ///     more changes before reading the connections, so a burst of changes (a script
    ///     creating a thousand connections) costs a few readings, not one per change.
    public init(
        connections: Connections, clock: any WallClock = SystemWallClock(), logger: Logger,
        refreshInterval: Duration = .seconds(60), retryDelay: Duration = .seconds(5),
        changeSettle: Duration = .zero
    ) {
        self.connections = connections
        self.clock = clock
        self.logger = logger
        self.refreshInterval = refreshInterval.seconds
        self.retryDelay = retryDelay.seconds
        self.changeSettle = changeSettle
    }

    /// Says that schedules changed: the scheduler reads the connections again now.
    public func schedulesChanged() {
        wake.signal()
    }

    /// Runs until the task is cancelled. Failures of the store are logged and
    /// retried after `retryDelay`; they do not end the loop.
    public func run() async throws {
        logger.debug("scheduler started")
        defer { logger.debug("scheduler stopped") }
        while !Task.isCancelled {
            let wakeAt: Date
            do {
                wakeAt = try await runDueSyncs()
            } catch is CancellationError {
                return
            } catch {
                logger.error(
                    "scheduler could not read or queue scheduled syncs; trying again in \(retryDelay) s",
                    metadata: ["error": "\(error)"])
                wakeAt = clock.now().addingTimeInterval(retryDelay)
            }
            await sleep(until: wakeAt)
        }
    }

    /// Sends what is due now; returns when to look again.
    func runDueSyncs() async throws -> Date {
        let now = clock.now()
        let current = try await connections.scheduledConnections()
        var sentAt = sent.withLock { $0 }
        var due: [DueSync<ID>] = []
        var earliest = now.addingTimeInterval(refreshInterval)
        for connection in current {
            var lastRun = connection.lastRun
            if let sentRun = sentAt[connection.id] {
                if let stored = lastRun, stored >= sentRun {
                    sentAt.removeValue(forKey: connection.id)  // the store caught up
                } else {
                    lastRun = sentRun
                }
            }
            switch connection.schedule.due(lastRun: lastRun, scheduledSince: connection.scheduledSince, now: now) {
            case .now(let scheduledFor): due.append(DueSync(id: connection.id, scheduledFor: scheduledFor))
            case .later(let next): earliest = min(earliest, next)
            case .never: break
            }
        }
        let known = Set(current.map(\.id))
        sentAt = sentAt.filter { known.contains($0.key) }
        guard !due.isEmpty else {
            sent.withLock { $0 = sentAt }
            return earliest
        }
        try await connections.enqueueScheduledSyncs(due, now: now)
        for sync in due { sentAt[sync.id] = now }
        sent.withLock { $0 = sentAt }
        let lag = due.map { now.timeIntervalSince($0.scheduledFor) }.max() ?? 0
        logger.info(
            "queued scheduled syncs",
            metadata: [
                "count": "\(due.count)", "maxLagSeconds": "\(String(format: "%.3f", lag))",
            ])
        // Look again at once: the queued syncs are the connections' new last runs.
        return now
    }

    /// Sleeps until `deadline`, a change, or cancellation.
    private func sleep(until deadline: Date) async {
        guard deadline > clock.now() else { return }
        let changed = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                try? await self.clock.sleep(until: deadline)
                return false
            }
            group.addTask {
                await self.wake.wait()
                return true
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if changed, changeSettle > .zero { try? await Task.sleep(for: changeSettle) }
    }
}

extension Duration {
    var seconds: TimeInterval {
        let (seconds, attoseconds) = components
        return TimeInterval(seconds) + TimeInterval(attoseconds) / 1e18
    }
}
