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
}
