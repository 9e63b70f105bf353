import Foundation
import Logging
import Schedule
import Scheduler
import Testing

/// The store side of the protocol, in memory: connections, and the jobs the
/// scheduler queued, each becoming its connection's last run as a real store does.
actor InMemoryConnections: ScheduledConnections {
    struct Job: Equatable {
        var connection: Int
        var scheduledFor: Date
        var createdAt: Date
    }

    var connections: [Int: ScheduledConnection<Int>] = [:]
    private(set) var jobs: [Job] = []
    private(set) var batches: [[DueSync<Int>]] = []
    /// Whether queued syncs update the connection's lastRun (a store that lags does not, at first).
    var recordsRuns = true
    /// Fail the next reads with this error.
    var failures = 0
    /// How many times the scheduler read the connections.
    private(set) var reads = 0
    private var waiters: [(ready: @Sendable (Int, Int) -> Bool, continuation: CheckedContinuation<Void, Never>)] = []

    struct StoreDown: Error {}

    func add(_ id: Int, _ schedule: Schedule, lastRun: Date? = nil, since: Date) {
        connections[id] = ScheduledConnection(id: id, schedule: schedule, lastRun: lastRun, scheduledSince: since)
    }

    func remove(_ id: Int) { connections.removeValue(forKey: id) }
    func setRecordsRuns(_ value: Bool) { recordsRuns = value }
    func setFailures(_ count: Int) { failures = count }

    func scheduledConnections() async throws -> [ScheduledConnection<Int>] {
        reads += 1
        wakeWaiters()
        if failures > 0 {
            failures -= 1
            throw StoreDown()
        }
        return Array(connections.values)
    }

    func enqueueScheduledSyncs(_ syncs: [DueSync<Int>], now: Date) async throws {
        batches.append(syncs)
        for sync in syncs {
            jobs.append(Job(connection: sync.id, scheduledFor: sync.scheduledFor, createdAt: now))
            if recordsRuns { connections[sync.id]?.lastRun = now }
        }
        wakeWaiters()
    }

    private func wakeWaiters() {
        let (batches, reads) = (batches.count, reads)
        let ready = waiters.filter { $0.ready(batches, reads) }
        waiters.removeAll { $0.ready(batches, reads) }
        for waiter in ready { waiter.continuation.resume() }
    }

    private func wait(until ready: @escaping @Sendable (_ batches: Int, _ reads: Int) -> Bool) async {
        if ready(batches.count, reads) { return }
        await withCheckedContinuation { waiters.append((ready, $0)) }
    }

    /// Returns once `count` batches have been queued in all.
    func waitForBatches(_ count: Int) async {
        await wait { batches, _ in batches >= count }
    }

    /// Returns once the scheduler has read the connections `count` times in all.
    func waitForReads(_ count: Int) async {
        await wait { _, reads in reads >= count }
    }
}

// A guard against a hang, not a speed check: on a loaded two-core machine
// the whole suite's tests share two threads.
@Suite(.timeLimit(.minutes(10)))
struct SchedulerTests {
    let start = instant("2024-01-01T00:00:30Z")
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func running(
        _ store: InMemoryConnections, _ clock: ManualClock,
        refresh: Duration = .seconds(7 * 86_400)
    ) -> (Scheduler<InMemoryConnections>, Task<Void, any Error>) {
        let scheduler = Scheduler(connections: store, clock: clock, logger: logger, refreshInterval: refresh)
        return (scheduler, Task { try await scheduler.run() })
    }

    @Test func queuesASyncWhenItsTimeComesAndNotBefore() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.add(1, .cron(try CronSchedule(cronExpression: "0 * * * *")), since: start)
        let (_, task) = running(store, clock)
        defer { task.cancel() }

        await clock.waitForSleeper(until: instant("2024-01-01T01:00:00Z"))
        clock.advance(to: instant("2024-01-01T00:59:59Z"))
        await clock.waitForSleeper(until: instant("2024-01-01T01:00:00Z"))
        #expect(await store.jobs.isEmpty)

        clock.advance(to: instant("2024-01-01T01:00:00Z"))
        await store.waitForBatches(1)
        #expect(
            await store.jobs == [
                .init(
                    connection: 1, scheduledFor: instant("2024-01-01T01:00:00Z"),
                    createdAt: instant("2024-01-01T01:00:00Z"))
            ])
        await clock.waitForSleeper(until: instant("2024-01-01T02:00:00Z"))
        #expect(await store.jobs.count == 1)
    }

    /// Down for three days over a daily schedule: one sync on start-up, then the next day's.
    @Test func aMissedScheduleRunsOnceAfterDowntime() async throws {
        let clock = ManualClock(instant("2024-01-04T10:00:00Z"))
        let store = InMemoryConnections()
        await store.add(
            1, .cron(try CronSchedule(cronExpression: "0 0 2 * * ?")),
            lastRun: instant("2024-01-01T02:00:00Z"), since: instant("2023-12-01T00:00:00Z"))
        await store.add(
            2, .basic(try BasicSchedule(units: 1, timeUnit: .hours)),
            lastRun: instant("2024-01-01T02:00:00Z"), since: instant("2023-12-01T00:00:00Z"))
        let (_, task) = running(store, clock)
        defer { task.cancel() }

        await store.waitForBatches(1)
        await clock.waitForSleeper(until: instant("2024-01-04T11:00:00Z"))
        let jobs = await store.jobs.sorted { $0.connection < $1.connection }
        #expect(jobs.map(\.connection) == [1, 2])
        #expect(jobs.map(\.scheduledFor) == [instant("2024-01-02T02:00:00Z"), instant("2024-01-01T03:00:00Z")])
        #expect(await store.batches.count == 1)
    }

    /// A store whose lastRun lags behind the queue still gets one sync per due time.
    @Test func aSyncIsNotSentTwiceWhileTheStoreCatchesUp() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.setRecordsRuns(false)
        await store.add(1, .basic(try BasicSchedule(units: 1, timeUnit: .hours)), since: start)
        let (scheduler, task) = running(store, clock)
        defer { task.cancel() }

        await store.waitForBatches(1)
        await clock.waitForSleeper(until: start.addingTimeInterval(3600))
        let reads = await store.reads
        scheduler.schedulesChanged()
        await store.waitForReads(reads + 1)
        await clock.waitForSleeper(until: start.addingTimeInterval(3600))
        #expect(await store.jobs.count == 1)
        clock.advance(by: 3600)
        await store.waitForBatches(2)
        #expect(await store.jobs.map(\.createdAt) == [start, start.addingTimeInterval(3600)])
    }

    @Test func aChangedScheduleIsSeenAtOnce() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.add(1, .cron(try CronSchedule(cronExpression: "0 0 * * *")), since: start)
        let (scheduler, task) = running(store, clock)
        defer { task.cancel() }
        await clock.waitForSleeper(until: instant("2024-01-02T00:00:00Z"))

        // A new connection on an interval schedule syncs right away, without waiting for midnight.
        await store.add(2, .basic(try BasicSchedule(units: 6, timeUnit: .hours)), since: start)
        scheduler.schedulesChanged()
        await store.waitForBatches(1)
        #expect(await store.jobs.map(\.connection) == [2])
        #expect(await store.jobs.first?.createdAt == start)
    }

    @Test func aThousandConnectionsDueInTheSameMinuteGoInOneBatch() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
        for id in 0..<1000 {
            // Every one of them is due at 2024-01-01T06:00Z in its own zone's terms.
            let hour = ["UTC": 6, "Europe/Berlin": 7, "America/New_York": 1, "Asia/Kolkata": 11][zones[id % 4]]!
            let minute = zones[id % 4] == "Asia/Kolkata" ? 30 : 0
            await store.add(
                id, .cron(try CronSchedule(cronExpression: "\(minute) \(hour) * * *", cronTimeZone: zones[id % 4])),
                since: start)
        }
        let (_, task) = running(store, clock)
        defer { task.cancel() }
        let due = instant("2024-01-01T06:00:00Z")
        await clock.waitForSleeper(until: due)
        clock.advance(to: due)
        await store.waitForBatches(1)
        let batches = await store.batches
        #expect(batches.count == 1)
        #expect(batches[0].count == 1000)
        #expect(Set(batches[0].map(\.id)) == Set(0..<1000))
        #expect(batches[0].allSatisfy { $0.scheduledFor == due })
        await clock.waitForSleeper(until: instant("2024-01-02T06:00:00Z"))
        #expect(await store.jobs.count == 1000)
    }

    @Test func storeFailuresAreRetried() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.setFailures(2)
        await store.add(1, .basic(try BasicSchedule(units: 1, timeUnit: .days)), since: start)
        let (_, task) = running(store, clock)
        defer { task.cancel() }
        await clock.waitForSleeper(until: start.addingTimeInterval(5))
        clock.advance(by: 5)
        await clock.waitForSleeper(until: start.addingTimeInterval(10))
        #expect(await store.jobs.isEmpty)
        clock.advance(by: 5)
        await store.waitForBatches(1)
        #expect(await store.jobs.map(\.createdAt) == [start.addingTimeInterval(10)])
    }

    @Test func withNothingDueItLooksAgainAfterTheRefreshInterval() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.add(1, .manual, since: start)
        let (_, task) = running(store, clock, refresh: .seconds(60))
        defer { task.cancel() }
        await clock.waitForSleeper(until: start.addingTimeInterval(60))
        // Another process adds a connection; this scheduler sees it on its next look.
        await store.add(2, .basic(try BasicSchedule(units: 1, timeUnit: .hours)), since: start)
        clock.advance(by: 60)
        await store.waitForBatches(1)
        #expect(await store.jobs.map(\.connection) == [2])
    }

    @Test func cancellingStopsTheLoop() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        let (_, task) = running(store, clock)
        await clock.waitForSleepers(1)
        task.cancel()
        try await task.value
        #expect(clock.sleepingUntil.isEmpty)
    }

    @Test func removedConnectionsAreNotSynced() async throws {
        let clock = ManualClock(start)
        let store = InMemoryConnections()
        await store.add(1, .cron(try CronSchedule(cronExpression: "0 * * * *")), since: start)
        let (scheduler, task) = running(store, clock)
        defer { task.cancel() }
        await clock.waitForSleeper(until: instant("2024-01-01T01:00:00Z"))
        await store.remove(1)
        let reads = await store.reads
        scheduler.schedulesChanged()
        await store.waitForReads(reads + 1)
        // Nothing left to run: it only looks again after the refresh interval.
        let week: TimeInterval = 7 * 86_400
        await clock.waitForSleeper(until: start.addingTimeInterval(week))
        clock.advance(by: week)
        await clock.waitForSleeper(until: start.addingTimeInterval(2 * week))
        #expect(await store.jobs.isEmpty)
    }
}

func instant(_ iso: String) -> Date {
    guard let date = ISO8601DateFormatter().date(from: iso) else { fatalError("bad ISO date \(iso) in a test") }
    return date
}
