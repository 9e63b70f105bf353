package import Foundation
import Logging
package import PlatformStore
package import Schedule
package import Scheduler

/// The platform as the ``Scheduler`` sees it: its active scheduled
/// connections, each with when its last sync was queued, and a way to queue
/// the syncs that are due (as `scheduled` jobs; a sync already waiting is not queued twice).
///
/// ```swift
/// let scheduler = Scheduler(connections: PlatformScheduledConnections(service: service), logger: logger)
/// try await scheduler.run()
/// ```
package struct PlatformScheduledConnections: ScheduledConnections {
    package typealias ConnectionID = Identifier<SavedConnection>

    let service: PlatformService

    package init(service: PlatformService) {
        self.service = service
    }

    package func scheduledConnections() async throws -> [ScheduledConnection<ConnectionID>] {
        let connections = try await service.store.connections(statuses: [.active])
        let lastRuns = try await service.store.latestJobCreation(types: [.sync])
        return connections.compactMap { connection in
            guard connection.schedule != .manual else { return nil }
            do {
                return ScheduledConnection(
                    id: connection.id, schedule: try connection.schedule.schedule(),
                    lastRun: lastRuns[connection.id], scheduledSince: connection.scheduleUpdatedAt)
            } catch {
                service.logger.error(
                    "a connection's schedule cannot be read",
                    metadata: [
                        "connection": "\(connection.id)", "error": "\(error)",
                    ])
                return nil
            }
        }
    }

    package func enqueueScheduledSyncs(_ syncs: [DueSync<ConnectionID>], now: Date) async throws {
        for sync in syncs {
            do {
                try await service.triggerJob(sync.id, trigger: .scheduled, scheduledFor: sync.scheduledFor)
            } catch let error as PlatformError where error.code == .notFound {
                continue  // deleted since it was read
            }
        }
    }
}

extension PlatformService {
    /// The scheduler of this process's connections, told of every change this
    /// process makes to them (``onConnectionsChanged(_:)``), so a connection
    /// created or re-scheduled through the API or the UI is scheduled at once.
    /// It still reads the connections every `refreshInterval`: with several
    /// servers on one PostgreSQL store, that is how a change made by another
    /// process reaches it. Changes are gathered for half a second before a reading,
    /// so creating many connections in a row does not read them all once per connection.
    package func makeScheduler(refreshInterval: Duration = .seconds(60)) -> Scheduler<PlatformScheduledConnections> {
        let scheduler = Scheduler(
            connections: PlatformScheduledConnections(service: self), logger: logger, refreshInterval: refreshInterval,
            changeSettle: .milliseconds(500))
        onConnectionsChanged { scheduler.schedulesChanged() }
        return scheduler
    }
}

extension ConnectionSchedule {
    /// The schedule the `Schedule` module computes due times of.
    ///
    /// - Throws: `ScheduleError` for a cron expression or time zone it cannot read,
    ///   or a basic schedule of no units.
    package func schedule() throws -> Schedule {
        switch self {
        case .manual:
            return .manual
        case .basic(let units, let timeUnit):
            guard let unit = BasicSchedule.TimeUnit(rawValue: timeUnit.rawValue) else { return .manual }
            return .basic(try BasicSchedule(units: units, timeUnit: unit))
        case .cron(let expression, let timeZone):
            return .cron(try CronSchedule(cronExpression: expression, cronTimeZone: timeZone))
        }
    }
}
