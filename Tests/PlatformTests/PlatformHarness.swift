import AirbyteProtocol
import Foundation
import Logging
import PlatformStore
import PlatformTestSupport
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Platform

/// A platform on a new empty store (SQLite or PostgreSQL), in a folder of its
/// own, with a worker pool running and the events its notification sink heard.
final class PlatformHarness: Sendable {
    let folder: TemporaryFolder
    let database: TestDatabase
    let service: PlatformService
    let pool: WorkerPool
    let events: RecordingSink
    private let running: Task<Void, any Error>

    var store: any PlatformStore { service.store }

    static let logger: Logger = {
        var logger = Logger(label: "swiftbyte.platform.tests")
        logger.logLevel = .warning
        return logger
    }()

    /// A harness with short timings (heartbeats every 0.2 s, polls every 0.1 s) and a
    /// long lease (60 s): every test runs in parallel on two cooperative threads, which
    /// a loaded machine can starve for longer than a short lease, and a lost lease turns
    /// a test's source failure into a heartbeat timeout (no harness test lets a lease
    /// expire; `ServerRestartTests` does, with real processes). The events it hears are
    /// passed on to `notifications`.
    init(
        _ kind: StoreKind, workers: Int = 1, notifications: (any NotificationSink)? = nil,
        configure: (inout PlatformConfiguration) -> Void = { _ in }
    ) async throws {
        folder = try TemporaryFolder()
        database = try await TestDatabase.make(kind)
        let store = try await database.open()
        var configuration = PlatformConfiguration(folder: "\(folder.path)/.swiftbyte", workers: workers)
        configuration.heartbeatInterval = .milliseconds(200)
        configuration.leaseDuration = .seconds(60)
        configuration.pollInterval = .milliseconds(100)
        configuration.recoveryInterval = .milliseconds(500)
        configuration.terminationGracePeriod = .seconds(3)
        configure(&configuration)
        try FileManager.default.createDirectory(atPath: configuration.folder, withIntermediateDirectories: true)
        let key = try SecretKey.load(folder: configuration.folder, environment: [:])
        events = RecordingSink(forwardingTo: notifications)
        service = PlatformService(
            store: store, configuration: configuration, secretKey: key, notifications: events,
            logger: Self.logger)
        pool = WorkerPool(service: service)
        let pool = self.pool
        running = Task { try await pool.run() }
    }

    /// Stops the workers, closes and removes the store and the folder.
    func stop() async {
        pool.shutDown()
        _ = await running.result
        try? await service.store.close()
        try? await database.remove()
        folder.remove()
    }

    /// Waits until the job is in one of `statuses` (ended, by default); fails after `timeout`.
    @discardableResult
    func wait(
        for job: JobID, until statuses: Set<JobStatus> = [.succeeded, .failed, .cancelled],
        timeout: Duration = .seconds(180)
    ) async throws -> Job {
        let deadline = ContinuousClock.now + timeout
        while true {
            let current = try #require(try await store.job(job))
            if statuses.contains(current.status) { return current }
            guard ContinuousClock.now < deadline else {
                Issue.record("job \(job) is still \(current.status.rawValue) after \(timeout)")
                return current
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits for the job to end and expects it succeeded, naming its attempts' failures if not.
    func expectSuccess(_ job: JobID, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let ended = try await wait(for: job)
        let why = await failures(of: job)
        #expect(ended.status == .succeeded, "\(why)", sourceLocation: sourceLocation)
    }

    /// What went wrong with the job's attempts, for an expectation's message.
    func failures(of job: JobID) async -> String {
        let attempts = (try? await store.attempts(of: job)) ?? []
        return attempts.compactMap { attempt in
            attempt.failure.map {
                "attempt \(attempt.number): \($0.origin.rawValue) \($0.type.rawValue): \($0.message) \($0.internalMessage ?? "")"
            }
        }.joined(separator: "\n")
    }

    /// Waits until `condition` holds; fails after `timeout`.
    func wait(_ what: String, timeout: Duration = .seconds(120), until condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("\(what) did not happen within \(timeout)")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Runs `body` with a harness, stopping it afterwards whatever happens.
    static func with<T>(
        _ kind: StoreKind, workers: Int = 1, notifications: (any NotificationSink)? = nil,
        configure: (inout PlatformConfiguration) -> Void = { _ in },
        _ body: (PlatformHarness) async throws -> T
    ) async throws -> T {
        let harness = try await PlatformHarness(kind, workers: workers, notifications: notifications, configure: configure)
        do {
            let value = try await body(harness)
            await harness.stop()
            return value
        } catch {
            await harness.stop()
            throw error
        }
    }
}

/// A notification sink that keeps what it heard, and passes it on to `next`.
final class RecordingSink: NotificationSink {
    private let heard = Mutex<[PlatformEvent]>([])
    private let next: (any NotificationSink)?

    init(forwardingTo next: (any NotificationSink)? = nil) { self.next = next }

    func notify(_ event: PlatformEvent) async {
        heard.withLock { $0.append(event) }
        await next?.notify(event)
    }

    var events: [PlatformEvent] { heard.withLock { $0 } }

    /// The kinds heard, in order: `succeeded`, `failed`, `disabled`.
    var kinds: [String] {
        events.map {
            switch $0 {
            case .jobSucceeded: "succeeded"
            case .jobFailed: "failed"
            case .connectionDisabled: "disabled"
            }
        }
    }
}
