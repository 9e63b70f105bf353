import AirbyteProtocol
import ArgumentParser
import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import Platform
import PlatformStore
import PlatformUI

/// `ui-pages`: how long the web UI's pages take with many connections and jobs.
struct UIPagesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ui-pages",
        abstract: "Time the web UI's pages over a SQLite store of --connections connections and --jobs jobs.",
        discussion: """
            Seeds a new SQLite store (in a temporary folder) through the store's own operations: sources,
            destinations, connections with three streams and cron, interval or manual schedules, and jobs
            taken through the queue (claimed, finished succeeded or failed, with per-stream counts and a
            log file). Then serves the UI with Hummingbird on a local port, exactly as `swiftbyte server`
            does, and times sequential GETs of each page over HTTP: the first and a middle page of the
            connections, a connection with its job history and chart, a job with its log, the sources,
            the settings. Prints the median, p95 and worst per page; the target is under 50 ms.
            """
    )

    @Option(help: "Connections to seed.")
    var connections = 1000

    @Option(help: "Jobs to seed, spread over the connections.")
    var jobs = 10000

    @Option(help: "Requests per page.")
    var requests = 100

    func run() async throws {
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-ui-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = try await openPlatformStore(database: nil, folder: folder, logger: logger)
        let started = ContinuousClock.now
        let (connection, job) = try await seed(store, folder: folder)
        print("seeded \(connections) connections and \(jobs) jobs in \(ContinuousClock.now - started)")

        let key = try SecretKey.load(folder: folder, environment: [:])
        let service = PlatformService(
            store: store, configuration: PlatformConfiguration(folder: folder, workers: 0), secretKey: key,
            logger: logger)
        if ProcessInfo.processInfo.environment["UI_BENCH_BREAKDOWN"] != nil {
            for _ in 0..<3 {
                let t0 = ContinuousClock.now
                let page = try await service.connectionOverviews(page: Page(limit: 25, offset: 0))
                let t1 = ContinuousClock.now
                _ = try await service.jobHistory(of: connection, page: Page(limit: 25))
                let t2 = ContinuousClock.now
                _ = try await store.connections(workspaces: nil, page: Page(limit: 25))
                let t3 = ContinuousClock.now
                _ = try await store.latestJobs(of: page.connections.map(\.connection.id))
                let t4 = ContinuousClock.now
                print("overviews \(t1 - t0), history \(t2 - t1), 25 connections \(t3 - t2), latest jobs \(t4 - t3)")
            }
        }
        let ui = try PlatformUI(service: service, options: .init(key: key.derivedKey(for: "web-ui")), logger: logger)
        let router = Router()
        ui.addRoutes(to: router)
        let (portStream, portContinuation) = AsyncStream<Int>.makeStream()
        let application = Application(
            router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                portContinuation.yield(channel.localAddress?.port ?? 0)
                portContinuation.finish()
            }, logger: logger)
        let server = Task { try await application.runService() }
        var port = 0
        for await bound in portStream { port = bound }

        let pages = [
            ("connections, page 1", "/"), ("connections, page 20", "/?page=20"),
            ("connection with history and chart", "/connections/\(connection)"),
            ("connection, jobs page 3", "/connections/\(connection)?page=3"),
            ("job with its log", "/jobs/\(job)"), ("sources", "/sources"), ("settings", "/settings"),
        ]
        print("page                               median     p95      worst   (ms, \(requests) sequential GETs each)")
        for (name, path) in pages {
            var times: [Double] = []
            for index in 0..<(requests + 5) {
                let start = ContinuousClock.now
                let response = try await HTTPClient.shared.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)"),
                    timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 16 * 1024 * 1024)
                let elapsed = ContinuousClock.now - start
                guard response.status == .ok else { throw ValidationError("\(path) answered \(response.status)") }
                _ = body
                if index >= 5 { times.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000) }
            }
            times.sort()
            let median = times[times.count / 2]
            let p95 = times[min(times.count - 1, times.count * 95 / 100)]
            let worst = times.last ?? 0
            print(
                name.padding(toLength: 35, withPad: " ", startingAt: 0)
                    + String(format: "%6.1f   %6.1f   %6.1f", median, p95, worst))
        }
        server.cancel()
        try await store.close()
    }

    /// Seeds the store; returns a busy connection's id and one of its jobs'.
    private func seed(_ store: any PlatformStore, folder: String) async throws -> (ConnectionID, JobID) {
        let workspace = try await store.defaultWorkspace()
        let sourceDefinition = ConnectorDefinition(
            kind: .source, name: "source-faker", type: "faker", displayName: "Faker",
            runtime: .pip(package: "airbyte-source-faker", version: nil))
        let destinationDefinition = ConnectorDefinition(
            kind: .destination, name: "destination-duckdb", type: "duckdb",
            displayName: "DuckDB", runtime: .builtIn)
        try await store.insertDefinition(sourceDefinition)
        try await store.insertDefinition(destinationDefinition)
        let streams = ["users", "products", "purchases"].map { ConfiguredStream(name: $0, syncMode: .incrementalDedupedHistory) }
        let catalog = AirbyteCatalog(
            streams: streams.map {
                AirbyteStream(
                    name: $0.name,
                    jsonSchema: ["type": "object", "properties": ["id": ["type": "integer"], "updated_at": ["type": "string"]]],
                    supportedSyncModes: [.fullRefresh, .incremental], sourceDefinedCursor: true,
                    defaultCursorField: ["updated_at"], sourceDefinedPrimaryKey: [["id"]])
            })
        let schedules: [ConnectionSchedule] = [
            .cron(expression: "0 2 * * 1-5", timeZone: "UTC"), .basic(units: 6, timeUnit: .hours),
            .manual, .cron(expression: "0 0 12 * * ?", timeZone: "Europe/Paris"),
        ]
        var ids: [ConnectionID] = []
        for index in 0..<connections {
            let source = SavedSource(
                workspaceID: workspace.id, definitionID: sourceDefinition.id, name: "faker \(index)",
                configuration: ["count": 1000])
            let destination = SavedDestination(
                workspaceID: workspace.id, definitionID: destinationDefinition.id,
                name: "warehouse \(index)", configuration: ["destination_path": "/tmp/w.duckdb"])
            try await store.insertSource(source)
            try await store.insertDestination(destination)
            let connection = SavedConnection(
                workspaceID: workspace.id, name: "connection \(index)", sourceID: source.id,
                destinationID: destination.id, streams: streams, catalog: catalog,
                schedule: schedules[index % schedules.count])
            try await store.insertConnection(connection)
            ids.append(connection.id)
        }
        let log = String(repeating: "2024-05-06T02:00:01.000Z INFO [source-faker] read 1000 records of users\n", count: 400)
        var lastJob = JobID(0)
        var now = Date().addingTimeInterval(-Double(jobs) * 60)
        for index in 0..<jobs {
            // The busiest connection (the first) gets a tenth of the jobs; the rest share the others.
            let connection = index % 10 == 0 ? ids[0] : ids[index % ids.count]
            now = now.addingTimeInterval(60)
            _ = try await store.enqueueJob(JobRequest(connectionID: connection, workspaceID: workspace.id), now: now)
            guard
                let claimed = try await store.claimJob(
                    worker: "bench:1:x", leaseDuration: .seconds(600), now: now,
                    logPath: { PlatformConfiguration.logPath(job: $0, attempt: $1) })
            else { continue }
            if connection == ids[0], let path = claimed.attempt.logPath {
                let file = "\(folder)/\(path)"
                try FileManager.default.createDirectory(
                    atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(log.utf8).write(to: URL(fileURLWithPath: file))
                lastJob = claimed.job.id
            }
            let stats = streams.map {
                StreamStats(
                    name: $0.name, recordsEmitted: 1000, bytesEmitted: 250_000, recordsCommitted: 1000,
                    bytesCommitted: 250_000)
            }
            let outcome: AttemptOutcome =
                index % 7 == 3
                ? .failed(
                    FailureReason(origin: .source, type: .systemError, message: "the API answered 500", retryable: true), retryAt: nil)
                : .succeeded
            try await store.finishAttempt(claimed.lease, outcome: outcome, streamStats: stats, now: now.addingTimeInterval(30))
        }
        return (ids[0], lastJob)
    }
}
