import AirbyteProtocol
import Foundation
import PlatformStore
import PlatformTestSupport
import SwiftbyteTestSupport
import Testing

@testable import Platform

/// The built `swiftbyte server` as a process: stopped with SIGTERM mid-sync,
/// and two of them sharing one PostgreSQL.
@Suite("Server processes")
struct ServerProcessTests {
    /// A service of this test process (no workers) on `database`, with the script source saved.
    static func client(
        folder: TemporaryFolder, database: TestDatabase
    ) async throws -> (PlatformService, ConnectorDefinition, DestinationID) {
        let stateFolder = "\(folder.path)/.swiftbyte"
        try FileManager.default.createDirectory(atPath: stateFolder, withIntermediateDirectories: true)
        let service = PlatformService(
            store: try await database.open(), configuration: PlatformConfiguration(folder: stateFolder, workers: 0),
            secretKey: try SecretKey.load(folder: stateFolder, environment: [:]), logger: PlatformHarness.logger)
        let definition = try await TestConnectors.scriptDefinition(in: folder, store: service.store)
        let destination = try await service.createDestination(
            name: "warehouse", definition: .type("duckdb"),
            configuration: ["destination_path": .string("\(folder.path)/warehouse.duckdb")])
        return (service, definition, destination.id)
    }

    @Test("SIGTERM mid-sync: the server exits 0, the attempt is stopped and marked for retry, the next server runs it")
    func sigtermMidSync() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = TestDatabase(
            kind: .sqlite, location: "\(folder.path)/.swiftbyte/platform.sqlite", folder: nil, postgresName: nil)
        let (service, definition, destination) = try await Self.client(folder: folder, database: database)
        let source = try await service.createSource(
            name: "slow", definition: .id(definition.id), configuration: ["password": "hunter2-secret", "mode": "slow"])
        let connection = try await service.createConnection(source: source.id, destination: destination)

        let first = try ServerProcess(folder: folder.path, arguments: ["--workers", "1"], logName: "server-1.log")
        _ = try await first.waitUntilHealthy()
        let job = try await service.triggerJob(connection.id).job
        try await Self.wait("a state committed", first) { try await !service.connectionState(connection.id).isEmpty }
        let stopping = ContinuousClock.now
        #expect(await first.stop(SIGTERM) == 0, "server log:\n\(first.log)")
        // The slow source never ends, so any bound tells a graceful stop from a hang; a CI run on a
        // loaded 2-core machine once took 25 s for what takes about 6 s alone.
        #expect(ContinuousClock.now - stopping < .seconds(90), "a graceful stop, not a wait for the sync")
        #expect(ProcessTable.processes(withArgumentContaining: folder.path).isEmpty, "no connector outlives the server")

        let stopped = try #require(try await service.store.job(job.id))
        #expect(stopped.status == .incomplete, "marked for retry, not left running")
        let attempts = try await service.store.attempts(of: job.id)
        #expect(attempts.count == 1 && attempts[0].status == .failed)
        #expect(attempts[0].failure?.type == .transientError && attempts[0].failure?.retryable == true)
        #expect(attempts[0].failure?.message.contains("shut down") == true)
        #expect((stopped.nextAttemptAt ?? .distantFuture) <= Date(), "due again at once")
        #expect(
            stopped.maxAttempts == RetryPolicy.airbyteDefault.maxAttempts + 1,
            "the stopped attempt does not use up one of the job's attempts")
        let committed = try await service.connectionState(connection.id).first?.stream?.streamState?["id"]?.int64Value ?? 0
        #expect(committed > 0, "the state committed before the stop is kept")

        let second = try ServerProcess(folder: folder.path, arguments: ["--workers", "1"], logName: "server-2.log")
        _ = try await second.waitUntilHealthy()
        try await Self.wait("the retry to start", second) { try await service.store.attempts(of: job.id).count == 2 }
        _ = try await service.cancelJob(job.id)
        try await Self.wait("the cancel", second) { try await service.store.job(job.id)?.status == .cancelled }
        #expect(await second.stop(SIGTERM) == 0)
        try await service.store.close()
    }

    @Test("Two servers on one PostgreSQL: every job runs exactly once, both servers run some")
    func twoServersShareOneQueue() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let database = try await TestDatabase.make(.postgres)
        let (service, definition, _) = try await Self.client(folder: folder, database: database)
        let count = 24
        var connections: [ConnectionID] = []
        for index in 0..<count {
            let source = try await service.createSource(
                name: "s\(index)", definition: .id(definition.id),
                configuration: ["password": "hunter2-secret", "mode": "ok", "run_tag": .string("c\(index)")])
            // A DuckDB file of its own: one file takes one writing process at a time.
            let warehouse = try await service.createDestination(
                name: "w\(index)", definition: .type("duckdb"),
                configuration: ["destination_path": .string("\(folder.path)/warehouse-\(index).duckdb")])
            let connection = try await service.createConnection(
                source: source.id, destination: warehouse.id,
                settings: ConnectionSettings(
                    streams: [ConfiguredStream(name: "items", syncMode: .fullRefreshAppend)],
                    retryPolicy: .some(RetryPolicy(maxAttempts: 1))))
            connections.append(connection.id)
        }
        let arguments = ["--workers", "2", "--database", database.location]
        let servers = [
            try ServerProcess(folder: folder.path, arguments: arguments, logName: "server-1.log"),
            try ServerProcess(folder: folder.path, arguments: arguments, logName: "server-2.log"),
        ]
        for server in servers { _ = try await server.waitUntilHealthy() }
        var jobs: [JobID] = []
        for connection in connections { jobs.append(try await service.triggerJob(connection).job.id) }
        try await Self.wait("every job to end", servers[0], timeout: .seconds(400)) {
            try await service.store.countJobs(JobFilter(statuses: [.succeeded, .failed, .cancelled])) == count
        }
        for server in servers { #expect(await server.stop(SIGTERM) == 0, "server log:\n\(server.log)") }

        var workers: Set<String> = []
        for job in jobs {
            let ended = try #require(try await service.store.job(job))
            #expect(ended.status == .succeeded, "job \(job): \(ended.status)")
            let attempts = try await service.store.attempts(of: job)
            #expect(attempts.count == 1)
            workers.formUnion(attempts.map(\.worker))
        }
        let runs = try String(contentsOfFile: "\(folder.path)/runs.log", encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(runs.count == count, "each job's source ran once: \(runs.count) reads for \(count) jobs")
        #expect(Set(runs) == Set((0..<count).map { "c\($0)" }))
        let processes = Set(workers.map { $0.split(separator: ":").dropLast().joined(separator: ":") })
        #expect(processes.count == 2, "both servers ran jobs: \(workers.sorted())")
        try await service.store.close()
        try await database.remove()
    }

    static func wait(
        _ what: String, _ server: ServerProcess, timeout: Duration = .seconds(120),
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
