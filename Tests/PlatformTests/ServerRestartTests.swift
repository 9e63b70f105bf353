import AirbyteProtocol
import DuckDB
import Foundation
import PlatformStore
import PlatformTestSupport
import SwiftbyteTestSupport
import Testing

@testable import Platform

/// The promise of recovery, with real processes: a `swiftbyte server` killed
/// (`kill -9`) in the middle of a faker sync, then started again.
@Suite("Server restart")
struct ServerRestartTests {
    @Test(
        "kill -9 mid-sync, restart: the attempt fails and is retried, no job stays running, no duplicate, no state lost",
        arguments: StoreKind.allCases)
    func killedServerResumes(kind: StoreKind) async throws {
        guard try await Faker.available() else { try Test.cancel(Faker.skipComment) }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let stateFolder = "\(folder.path)/.swiftbyte"
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let database: TestDatabase
        switch kind {
        case .sqlite:
            database = TestDatabase(kind: .sqlite, location: "\(stateFolder)/platform.sqlite", folder: nil, postgresName: nil)
        case .postgres:
            database = try await TestDatabase.make(.postgres)
        }
        defer { if kind == .postgres { Task { try? await database.remove() } } }
        let databaseArguments = kind == .postgres ? ["--database", database.location] : []

        // This test process is a second client of the same store, as the API will be.
        let store = try await database.open()
        let service = PlatformService(
            store: store, configuration: PlatformConfiguration(folder: stateFolder, workers: 0),
            secretKey: try SecretKey.load(folder: stateFolder, environment: [:]),
            logger: PlatformHarness.logger)
        let warehouse = "\(folder.path)/warehouse.duckdb"
        let count: Int64 = 20_000
        let source = try await service.createSource(
            name: "faker", definition: .type("faker"),
            configuration: [
                "count": .number(String(count)), "seed": 7, "parallelism": 1, "always_updated": false, "records_per_slice": 500,
            ])
        let destination = try await service.createDestination(
            name: "warehouse", definition: .type("duckdb"),
            configuration: ["destination_path": .string(warehouse)])
        let connection = try await service.createConnection(
            source: source.id, destination: destination.id,
            settings: ConnectionSettings(
                streams: [ConfiguredStream(name: "users", syncMode: .incrementalDedupedHistory)],
                retryPolicy: .some(RetryPolicy(maxAttempts: 5, initialBackoffSeconds: 1))))

        let first = try ServerProcess(folder: folder.path, arguments: ["--workers", "1"] + databaseArguments, logName: "server-1.log")
        let startup = try await first.waitUntilHealthy()
        print("swiftbyte server (\(kind)): healthy \(startup) after start")
        let job = try await service.triggerJob(connection.id).job
        try await waitFor("a state committed mid-sync", first) {
            try await !store.connectionStates(connection.id).isEmpty
        }
        #expect(try await store.job(job.id)?.status == .running)
        #expect(await first.stop(SIGKILL) == SIGKILL)
        let stateAtKill = try await store.connectionStates(connection.id)
        #expect(try await store.job(job.id)?.status == .running, "nobody has noticed yet")

        let second = try ServerProcess(folder: folder.path, arguments: ["--workers", "1"] + databaseArguments, logName: "server-2.log")
        _ = try await second.waitUntilHealthy()
        try await waitFor("the job to end after the restart", second, timeout: .seconds(240)) {
            try await store.job(job.id)?.status.isTerminal == true
        }
        let ended = try #require(try await store.job(job.id))
        #expect(ended.status == .succeeded, "server log:\n\(second.log)")
        let attempts = try await store.attempts(of: job.id)
        #expect(attempts.count >= 2)
        #expect(attempts.first?.status == .failed)
        #expect(attempts.first?.failure?.type == .heartbeatTimeout && attempts.first?.failure?.origin == .airbytePlatform)
        #expect(attempts.last?.status == .succeeded)
        let resumedUsers = attempts.last?.streamStats.first { $0.name == "users" }?.recordsEmitted ?? -1
        #expect(
            resumedUsers >= 0 && resumedUsers < count, "the retry resumed from the state saved before the kill (\(resumedUsers) read again)"
        )
        #expect(try await store.jobs(JobFilter(statuses: [.running])).isEmpty, "no job stays running")

        let output = try Database(path: warehouse).connect()
        let rows = try #require(try output.scalar("SELECT count(*) FROM main.users")?.int64)
        let keys = try output.scalar("SELECT count(DISTINCT id) FROM main.users")?.int64
        #expect(rows == keys, "no duplicate in a deduped stream: \(rows) rows, \(String(describing: keys)) keys")
        // Faker's state counts the users it generated (`loop_offset`); faker ends a read resumed
        // mid-way at once, so the rows are those before the kill, each acknowledged state backed by them.
        func offset(_ states: [AirbyteStateMessage]) -> Int64? {
            states.first { $0.stream?.streamDescriptor.name == "users" }?.stream?.streamState?["loop_offset"]?.int64Value
        }
        let acknowledgedAtKill = try #require(offset(stateAtKill))
        #expect(acknowledgedAtKill > 0 && acknowledgedAtKill <= rows, "the state saved before the kill is backed by committed rows")
        let finalState = try await store.connectionStates(connection.id)
        #expect((offset(finalState) ?? -1) >= acknowledgedAtKill, "no state lost: the retry went on from where the kill left it")

        // SIGTERM: a graceful stop.
        #expect(await second.stop(SIGTERM) == 0, "server log:\n\(second.log)")
        #expect(second.log.contains("stopped"))
        try await store.close()
    }

    private func waitFor(
        _ what: String, _ server: ServerProcess, timeout: Duration = .seconds(180),
        until condition: () async throws -> Bool
    ) async throws {
        let deadline = ContinuousClock.now + timeout
        while try await !condition() {
            guard ContinuousClock.now < deadline, server.process.isRunning else {
                throw ServerProcessError(message: "waiting for \(what) failed; the server's log:\n\(server.log)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
