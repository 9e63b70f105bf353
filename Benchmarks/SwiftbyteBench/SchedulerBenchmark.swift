import ArgumentParser
import Foundation
import Logging
import Schedule
import Scheduler

/// `scheduler-lag`: how late the scheduler queues syncs when many are due at once.
struct SchedulerBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheduler-lag",
        abstract: "Time from the due second to the queueing of --connections cron syncs all due at that second.",
        discussion: """
            Each run gives every connection the same Quartz expression for a second about two seconds ahead
            (in UTC, Europe/Berlin, America/New_York and Asia/Kolkata in turn), starts a Scheduler on the
            system clock over an in-memory list, and records, per sync, the time from its due second to the
            moment the batch reaches the store. The store is a Swift array: this is the scheduler's own lag,
            without a database. The median of the runs' worst lags is reported.
            """
    )

    @Option(help: "Connections due in the same second.")
    var connections = 1000

    @Option(help: "Runs; the median of their worst lags is reported.")
    var runs = 5

    func run() async throws {
        var worst: [Double] = []
        for _ in 0..<runs {
            worst.append(try await oneRun() * 1000)
        }
        worst.sort()
        let list = worst.map { String(format: "%.1f", $0) }.joined(separator: ", ")
        print(
            "scheduler lag, \(connections) syncs due in the same second: worst per run \(list) ms; "
                + "median \(String(format: "%.1f", worst[worst.count / 2])) ms")
    }

    private func oneRun() async throws -> Double {
        let zones = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]
        let now = Date()
        let due = Date(timeIntervalSince1970: (now.timeIntervalSince1970 + 2).rounded(.down))
        var schedules: [Schedule] = []
        for zone in zones {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try CronSchedule.timeZone(named: zone)
            let time = calendar.dateComponents([.hour, .minute, .second], from: due)
            schedules.append(
                .cron(
                    try CronSchedule(
                        cronExpression: "\(time.second!) \(time.minute!) \(time.hour!) * * ?",
                        cronTimeZone: zone)))
        }
        let list = (0..<connections).map {
            ScheduledConnection(id: $0, schedule: schedules[$0 % schedules.count], lastRun: nil, scheduledSince: now)
        }
        guard Date() < due else { throw ValidationError("setting up took longer than the two seconds before the due time") }
        let store = LagStore(list)
        let scheduler = Scheduler(connections: store, logger: Logger(label: "bench") { _ in SwiftLogNoOpLogHandler() })
        let task = Task { try await scheduler.run() }
        let lag = await store.worstLagWhenAllQueued()
        task.cancel()
        return lag
    }
}

/// The connections in an array; records how late each queued sync was.
private actor LagStore: ScheduledConnections {
    private var connections: [ScheduledConnection<Int>]
    private var lags: [Double] = []
    private var waiter: CheckedContinuation<Double, Never>?

    init(_ connections: [ScheduledConnection<Int>]) { self.connections = connections }

    func scheduledConnections() async throws -> [ScheduledConnection<Int>] { connections }

    func enqueueScheduledSyncs(_ syncs: [DueSync<Int>], now: Date) async throws {
        let queued = Date()
        for sync in syncs {
            lags.append(queued.timeIntervalSince(sync.scheduledFor))
            connections[sync.id].lastRun = now
        }
        if lags.count >= connections.count, let waiter {
            self.waiter = nil
            waiter.resume(returning: lags.max() ?? 0)
        }
    }

    func worstLagWhenAllQueued() async -> Double {
        await withCheckedContinuation { waiter = $0 }
    }
}
