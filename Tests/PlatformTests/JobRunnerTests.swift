import AirbyteProtocol
import DuckDB
import Foundation
import PlatformStore
import PlatformTestSupport
import Swiftbyte
import SwiftbyteTestSupport
import Testing

@testable import Platform

/// Retries, disabling, cancel and queueing, with a script source (fast, and able to fail on demand).
@Suite("Job runner")
struct JobRunnerTests {
    /// A connection from the script source (in `mode`) into the built-in DuckDB destination.
    static func connection(
        _ harness: PlatformHarness, mode: String, retryPolicy: RetryPolicy? = nil,
        failureThreshold: Int? = nil
    ) async throws -> SavedConnection {
        let service = harness.service
        let definition = try await TestConnectors.scriptDefinition(in: harness.folder, store: service.store)
        let source = try await service.createSource(
            name: "script", definition: .id(definition.id),
            configuration: ["password": "hunter2-secret", "mode": .string(mode)])
        let destination = try await service.createDestination(
            name: "warehouse", definition: .type("duckdb"),
            configuration: ["destination_path": .string("\(harness.folder.path)/warehouse.duckdb")])
        return try await service.createConnection(
            source: source.id, destination: destination.id,
            settings: ConnectionSettings(
                retryPolicy: .some(retryPolicy), failureThreshold: .some(failureThreshold)))
    }

    @Test(
        "A failing source: attempts with backoff, the failure named and masked, then the connection disabled",
        arguments: StoreKind.allCases)
    func failuresRetryThenDisable(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { harness in
            let service = harness.service
            let policy = RetryPolicy(maxAttempts: 3, initialBackoffSeconds: 0.3, backoffMultiplier: 2, maxBackoffSeconds: 60)
            let connection = try await Self.connection(harness, mode: "fail", retryPolicy: policy, failureThreshold: 2)

            let first = try await service.triggerJob(connection.id).job
            #expect(first.maxAttempts == 3)
            #expect(try await harness.wait(for: first.id).status == .failed)
            let attempts = try await service.store.attempts(of: first.id)
            #expect(attempts.map(\.status) == [.failed, .failed, .failed])
            for attempt in attempts {
                let failure = try #require(attempt.failure)
                #expect(failure.origin == .source && failure.type == .systemError && failure.retryable)
                #expect(failure.message.contains("the API answered 500"))
                #expect(!failure.message.contains("hunter2-secret") && failure.message.contains("**********"))
            }
            for (index, (previous, next)) in zip(attempts, attempts.dropFirst()).enumerated() {
                let waited = next.createdAt.timeIntervalSince(try #require(previous.endedAt))
                let backoff = policy.backoff(afterFailedAttempts: index + 1).timeInterval
                #expect(waited >= backoff - 0.01, "attempt \(next.number) waited \(waited) s, its backoff \(backoff) s")
            }
            #expect(try await service.store.connection(connection.id)?.status == .active, "one failed job is below the threshold")

            let second = try await service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: second.id).status == .failed)
            try await harness.wait("the disabling is notified") { harness.events.kinds.count == 3 }
            let disabled = try #require(try await service.store.connection(connection.id))
            #expect(disabled.status == .inactive)
            #expect(disabled.statusReason == "disabled after 2 failed jobs in a row")
            #expect(harness.events.kinds == ["failed", "failed", "disabled"])
            if case .connectionDisabled(let summary, let failures)? = harness.events.events.last {
                #expect(failures == 2 && summary.job.id == second.id && summary.failure?.origin == .source)
            }

            for attempt in attempts {
                let log = try String(contentsOfFile: service.configuration.absolutePath(try #require(attempt.logPath)), encoding: .utf8)
                #expect(log.contains("reading from id"), "the source's own log lines are in the attempt's log")
                #expect(!log.contains("hunter2-secret"), "secrets never reach a log file")
                #expect(log.contains("with password **********"))
            }
        }
    }

    @Test("A configuration error is not retried", arguments: [StoreKind.sqlite])
    func configErrorsAreNotRetried(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { harness in
            let connection = try await Self.connection(harness, mode: "config-error")
            let job = try await harness.service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: job.id).status == .failed)
            let attempts = try await harness.store.attempts(of: job.id)
            #expect(attempts.count == 1)
            #expect(attempts.first?.failure?.type == .configError && attempts.first?.failure?.retryable == false)
        }
    }

    @Test(
        "Cancel, asked by another server process: both connectors stop, the committed state stays, no retry",
        arguments: StoreKind.allCases)
    func cancelFromAnotherProcess(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind) { harness in
            let service = harness.service
            let connection = try await Self.connection(harness, mode: "slow")
            let job = try await service.triggerJob(connection.id).job
            try await harness.wait("a state is committed") { try await !service.connectionState(connection.id).isEmpty }

            // Another process: its own store and service, no workers; it reaches the worker through the heartbeat.
            let otherStore = try await harness.database.open()
            let other = PlatformService(
                store: otherStore, configuration: PlatformConfiguration(folder: service.configuration.folder, workers: 0),
                secretKey: try SecretKey.load(folder: service.configuration.folder, environment: [:]),
                logger: PlatformHarness.logger)
            let asked = ContinuousClock.now
            #expect(try await other.cancelJob(job.id).cancelRequested)
            let cancelled = try await harness.wait(for: job.id)
            try await otherStore.close()
            #expect(cancelled.status == .cancelled)
            // The cancel reaches the worker through its heartbeat (every 0.2 s here), not through
            // the lease running out (60 s): the bound sits between the two, loose enough for CI's
            // load, where the test's threads can wait seconds for a core (16 s was seen at load 47).
            #expect(ContinuousClock.now - asked < .seconds(45))
            let attempts = try await service.store.attempts(of: job.id)
            #expect(attempts.count == 1 && attempts[0].failure?.type == .manualCancellation)
            let kept = try await service.connectionState(connection.id)
            let cursor = try #require(kept.first?.stream?.streamState?["id"]?.int64Value)
            let rows = try Database(path: "\(harness.folder.path)/warehouse.duckdb").connect().scalar("SELECT count(*) FROM main.items")
            #expect((rows?.int64 ?? 0) >= cursor, "every acknowledged state is backed by committed rows")
            #expect(attempts[0].totals.recordsCommitted >= cursor)
            #expect(ProcessTable.processes(withArgumentContaining: harness.folder.path).isEmpty, "no connector outlives the cancel")
        }
    }

    @Test("A sync asked for while one runs is queued once and runs after it", arguments: [StoreKind.sqlite])
    func syncWhileRunningIsQueued(kind: StoreKind) async throws {
        try await PlatformHarness.with(kind, workers: 2) { harness in
            let service = harness.service
            let connection = try await Self.connection(harness, mode: "slow")
            let first = try await service.triggerJob(connection.id).job
            _ = try await harness.wait(for: first.id, until: [.running])
            let second = try await service.triggerJob(connection.id)
            let third = try await service.triggerJob(connection.id)
            #expect(second.isNew && !third.isNew && third.job.id == second.job.id)
            try await Task.sleep(for: .milliseconds(600))
            #expect(try await service.store.job(second.job.id)?.status == .pending, "not started beside the running one")
            try await service.cancelJob(first.id)
            #expect(try await harness.wait(for: first.id).status == .cancelled)
            _ = try await harness.wait(for: second.job.id, until: [.running])
            try await service.cancelJob(second.job.id)
            #expect(try await harness.wait(for: second.job.id).status == .cancelled)
        }
    }
}
