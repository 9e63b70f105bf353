import Foundation
import PlatformStore
import PlatformTestSupport
import Schedule
import Scheduler
import Testing

@testable import Platform

@Suite("The platform under the scheduler")
struct SchedulingTests {
    @Test(
        "Active scheduled connections are listed with their last sync; due syncs are queued once, as scheduled jobs",
        arguments: StoreKind.allCases)
    func scheduledConnections(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, workers: 0) { harness in
            let service = harness.service
            let cron = try await JobRunnerTests.connection(harness, mode: "ok")
            _ = try await service.updateConnection(
                cron.id,
                settings: ConnectionSettings(
                    schedule: .cron(expression: "0 0 12 * * ?", timeZone: "Europe/Paris")))
            let connections = PlatformScheduledConnections(service: service)
            var listed = try await connections.scheduledConnections()
            #expect(listed.map(\.id) == [cron.id], "manual connections are not listed")
            #expect(listed.first?.lastRun == nil)
            #expect(listed.first?.schedule == .cron(try CronSchedule(cronExpression: "0 0 12 * * ?", cronTimeZone: "Europe/Paris")))

            let due = Date(timeIntervalSince1970: 1_800_000_000)
            try await connections.enqueueScheduledSyncs([DueSync(id: cron.id, scheduledFor: due)], now: Date())
            try await connections.enqueueScheduledSyncs([DueSync(id: cron.id, scheduledFor: due)], now: Date())
            let jobs = try await service.store.jobs(JobFilter(connections: [cron.id]))
            #expect(jobs.count == 1 && jobs[0].trigger == .scheduled && jobs[0].scheduledFor == due)
            listed = try await connections.scheduledConnections()
            #expect(listed.first?.lastRun == jobs[0].createdAt)

            let invalid = await #expect(throws: PlatformError.self) {
                try await service.updateConnection(
                    cron.id, settings: ConnectionSettings(schedule: .cron(expression: "not cron", timeZone: "UTC")))
            }
            #expect(invalid?.code == .invalidInput && invalid?.problems.first?.hasPrefix("schedule:") == true)
            _ = try await service.updateConnection(cron.id, settings: ConnectionSettings(status: .inactive))
            #expect(try await connections.scheduledConnections().isEmpty, "an inactive connection is not scheduled")
        }
    }

    @Test(
        "A connection scheduled through the service is queued at once, not at the scheduler's next periodic read",
        arguments: StoreKind.allCases)
    func newScheduleIsSeenAtOnce(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, workers: 0) { harness in
            let service = harness.service
            // A day between periodic reads: only the change notification can wake it in time.
            let scheduler = service.makeScheduler(refreshInterval: .seconds(86_400))
            let running = Task { try await scheduler.run() }
            defer { running.cancel() }
            func scheduledJobs(_ id: ConnectionID) async throws -> [Job] {
                try await service.store.jobs(JobFilter(connections: [id])).filter { $0.trigger == .scheduled }
            }
            // A basic schedule that never synced is due at once: its job shows the scheduler has read the connections.
            let first = try await JobRunnerTests.connection(harness, mode: "ok")
            _ = try await service.updateConnection(first.id, settings: ConnectionSettings(schedule: .basic(units: 24, timeUnit: .hours)))
            try await harness.wait("the first scheduled job", timeout: .seconds(600)) { try await !scheduledJobs(first.id).isEmpty }

            // Now it sleeps until tomorrow; a second connection scheduled now must not wait for that.
            let second = try await JobRunnerTests.connection(harness, mode: "ok")
            #expect(try await scheduledJobs(second.id).isEmpty, "a manual connection is not scheduled")
            _ = try await service.updateConnection(
                second.id, settings: ConnectionSettings(schedule: .basic(units: 24, timeUnit: .hours)))
            try await harness.wait("the re-scheduled connection's job", timeout: .seconds(600)) {
                try await !scheduledJobs(second.id).isEmpty
            }
            #expect(try await scheduledJobs(first.id).count == 1, "the first connection is not queued twice")
        }
    }
}
