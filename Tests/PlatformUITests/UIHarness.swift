import AirbyteProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Platform
import PlatformAPI
import PlatformStore
import PlatformTestSupport
import Testing

@testable import PlatformUI

/// The UI over a real platform on a new SQLite store in a folder of its own,
/// served through Hummingbird's in-process test client. No worker runs: tests
/// put jobs where they want them through the store's own queue operations.
final class UIHarness: Sendable {
    let folder: String
    let database: TestDatabase
    let service: PlatformService
    let ui: PlatformUI

    var store: any PlatformStore { service.store }

    static let logger: Logger = {
        var logger = Logger(label: "swiftbyte.ui.tests")
        logger.logLevel = .warning
        return logger
    }()

    init(
        signIn: PlatformUI.SignIn? = nil, pageSize: Int = 25, applications: Bool = false,
        configure: (inout PlatformConfiguration) -> Void = { _ in }
    ) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("platform-ui-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        database = try await TestDatabase.make(.sqlite)
        let store = try await database.open()
        var configuration = PlatformConfiguration(folder: folder, workers: 0)
        configure(&configuration)
        let clock = configuration.clock
        let key = try SecretKey.load(folder: folder, environment: [:])
        service = PlatformService(store: store, configuration: configuration, secretKey: key, logger: Self.logger)
        ui = try PlatformUI(
            service: service,
            options: .init(
                key: key.derivedKey(for: "web-ui"), signIn: signIn, pageSize: pageSize,
                // What the server passes: the API's own way of making applications.
                applications: applications
                    ? PlatformUI.Applications { name in
                        try await ApplicationSecrets.create(named: name, in: store, now: clock())
                    } : nil),
            logger: Self.logger)
    }

    /// Runs `body` with a new harness, closed afterwards whatever happens.
    static func with(
        signIn: PlatformUI.SignIn? = nil, pageSize: Int = 25, applications: Bool = false,
        _ body: (UIHarness) async throws -> Void
    ) async throws {
        let harness = try await UIHarness(signIn: signIn, pageSize: pageSize, applications: applications)
        do {
            try await body(harness)
        } catch {
            await harness.close()
            throw error
        }
        await harness.close()
    }

    func close() async {
        try? await service.store.close()
        try? await database.remove()
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `body` with a client of the UI's routes.
    func test(_ body: @escaping @Sendable (Client) async throws -> Void) async throws {
        let router = Router()
        ui.addRoutes(to: router)
        let application = Application(router: router, logger: Self.logger)
        try await application.test(.router) { client in try await body(Client(client: client)) }
    }

    // MARK: Seeding the store

    @discardableResult
    func definition(_ kind: ConnectorDefinition.Kind, type: String, runtime: ConnectorRuntime) async throws -> ConnectorDefinition {
        let definition = ConnectorDefinition(
            kind: kind, name: "\(kind.rawValue)-\(type)", type: type,
            displayName: type.capitalized, runtime: runtime)
        try await store.insertDefinition(definition)
        return definition
    }

    /// A source, a destination and a manual connection between them, named as given (straight into the store).
    func connection(
        name: String, sourceName: String = "faker", destinationName: String = "warehouse",
        schedule: ConnectionSchedule = .manual,
        streams: [ConfiguredStream] = [ConfiguredStream(name: "users", syncMode: .fullRefreshOverwrite)]
    ) async throws -> SavedConnection {
        let workspace = try await store.defaultWorkspace()
        var sourceDefinition = try await store.definition(kind: .source, type: "seeded")
        if sourceDefinition == nil {
            sourceDefinition = try await definition(.source, type: "seeded", runtime: .executable(path: "/bin/false"))
        }
        var destinationDefinition = try await store.definition(kind: .destination, type: "seeded")
        if destinationDefinition == nil {
            // The built-in destination-duckdb, beside the tests: the domain asks its spec for the modes it writes.
            destinationDefinition = try await definition(.destination, type: "seeded", runtime: .builtIn)
        }
        guard let sourceDefinition, let destinationDefinition else { throw HarnessError("no definitions") }
        let source = SavedSource(workspaceID: workspace.id, definitionID: sourceDefinition.id, name: sourceName, configuration: [:])
        try await store.insertSource(source)
        let destination = SavedDestination(
            workspaceID: workspace.id, definitionID: destinationDefinition.id, name: destinationName,
            configuration: [:])
        try await store.insertDestination(destination)
        let catalog = AirbyteCatalog(
            streams: streams.map {
                AirbyteStream(
                    name: $0.name, jsonSchema: ["type": "object", "properties": ["id": ["type": "integer"]]],
                    supportedSyncModes: [.fullRefresh, .incremental], sourceDefinedCursor: true,
                    defaultCursorField: ["id"], sourceDefinedPrimaryKey: [["id"]], namespace: $0.namespace)
            })
        let connection = SavedConnection(
            workspaceID: workspace.id, name: name, sourceID: source.id, destinationID: destination.id,
            streams: streams, catalog: catalog, schedule: schedule)
        try await store.insertConnection(connection)
        return connection
    }

    /// A job of the connection taken through the queue to `outcome`, with its attempt's counts and log.
    @discardableResult
    func job(
        of connection: SavedConnection, outcome: AttemptOutcome?, records: Int64 = 0, log: String = "",
        at date: Date = Date()
    ) async throws -> Job {
        let enqueued = try await store.enqueueJob(
            JobRequest(connectionID: connection.id, workspaceID: connection.workspaceID),
            now: date)
        guard let outcome else { return enqueued.job }
        let folder = self.folder
        guard
            let claimed = try await store.claimJob(
                worker: "test:1:x", leaseDuration: .seconds(60), now: date,
                logPath: { job, attempt in PlatformConfiguration.logPath(job: job, attempt: attempt) })
        else { throw HarnessError("no job to claim") }
        if let path = claimed.attempt.logPath {
            let absolute = "\(folder)/\(path)"
            try FileManager.default.createDirectory(
                atPath: (absolute as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(log.utf8).write(to: URL(fileURLWithPath: absolute))
        }
        let stats = [
            StreamStats(
                name: "users", recordsEmitted: records, bytesEmitted: records * 100, recordsCommitted: records,
                bytesCommitted: records * 100)
        ]
        return try await store.finishAttempt(claimed.lease, outcome: outcome, streamStats: stats, now: date.addingTimeInterval(12))
    }
}

struct HarnessError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A browser-like client: it keeps the UI's cookies and reads form tokens from pages.
final class Client: @unchecked Sendable {
    // `@unchecked`: one test drives one client, sequentially.
    let client: any TestClientProtocol
    private(set) var cookies: [String: String] = [:]

    init(client: any TestClientProtocol) {
        self.client = client
    }

    struct Page {
        var status: HTTPResponse.Status
        var headers: HTTPFields
        var body: String

        /// The form token of the page's first form.
        var csrf: String? {
            guard let range = body.range(of: #"name="_csrf" value=""#) else { return nil }
            return String(body[range.upperBound...].prefix { $0 != "\"" })
        }
    }

    func get(_ path: String, accept: String? = nil) async throws -> Page {
        var headers = cookieHeaders()
        if let accept { headers[.accept] = accept }
        return page(try await client.executeRequest(uri: path, method: .get, headers: headers, body: nil))
    }

    func post(_ path: String, _ fields: [(String, String)], accept: String? = nil) async throws -> Page {
        var headers = cookieHeaders()
        headers[.contentType] = "application/x-www-form-urlencoded"
        if let accept { headers[.accept] = accept }
        let body = fields.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return page(try await client.executeRequest(uri: path, method: .post, headers: headers, body: ByteBuffer(string: body)))
    }

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics)?.replacingOccurrences(of: "%20", with: "+") ?? text
    }

    private func cookieHeaders() -> HTTPFields {
        var headers = HTTPFields()
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    private func page(_ response: TestResponse) -> Page {
        for field in response.headers where field.name == .setCookie {
            let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
            let name = String(pair[0])
            let value = pair.count > 1 ? String(pair[1]) : ""
            if field.value.contains("Max-Age=0") || value.isEmpty { cookies[name] = nil } else { cookies[name] = value }
        }
        return Page(status: response.status, headers: response.headers, body: String(buffer: response.body))
    }
}
