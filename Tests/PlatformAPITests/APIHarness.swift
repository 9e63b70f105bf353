import AirbyteProtocol
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Notifications
import Platform
import PlatformAPI
import PlatformStore
import Testing

/// The API over a real platform: a SQLite store in a new folder, the domain
/// with the real connectors (faker from PyPI, the built-in destination-duckdb
/// built beside the tests), no workers (jobs stay queued unless a test claims
/// them through the store's own queue), and a clock tests can move.
final class APIHarness: Sendable {
    let folder: String
    let store: any PlatformStore
    let service: PlatformService
    let api: PlatformAPI
    let clock: TestClock
    /// Opens what the store keeps sealed, with the service's own key.
    let secrets: ConfigurationSecrets

    /// A harness; `credentials` decide whether requests need authentication.
    init(credentials: APICredentials = APICredentials(required: false)) async throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("api-tests-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var logger = Logger(label: "api-tests")
        logger.logLevel = .warning
        store = try await openPlatformStore(database: nil, folder: folder, logger: logger)
        let clock = TestClock()
        self.clock = clock
        var configuration = PlatformConfiguration(folder: folder, workers: 0)
        configuration.clock = { clock.now }
        configuration.definitions = DefinitionCatalog(builtInDuckDB: Self.builtInDuckDB)
        let key = try SecretKey(bytes: (0..<32).map { _ in UInt8.random(in: 0...255) }, origin: "test")
        secrets = ConfigurationSecrets(box: SecretBox(key: key))
        service = PlatformService(store: store, configuration: configuration, secretKey: key, logger: logger)
        api = PlatformAPI(
            service: service, credentials: credentials, tokenKey: Array(repeating: UInt8(7), count: 32),
            metrics: PlatformMetrics(), notifier: WebhookNotifier(logger: logger))
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Runs `body` with a client of the router (no sockets).
    func test<Value: Sendable>(_ body: @Sendable (APIClient) async throws -> Value) async throws -> Value {
        var logger = Logger(label: "api-tests")
        logger.logLevel = .warning
        let application = Application(
            router: api.router(),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            logger: logger)
        let value = try await application.test(.router) { client in try await body(APIClient(client: client)) }
        try await store.close()
        return value
    }

    /// `destination-duckdb`, built beside the test bundle by `swift build`.
    static var builtInDuckDB: String {
        let bundle = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
        return bundle.resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("destination-duckdb").path
    }
}

/// A clock a test sets: 2030-01-01T00:00:00Z, after the default workspace was made (by the real clock).
final class TestClock: Sendable {
    private let state = LockedBox(Date(timeIntervalSince1970: 1_893_456_000))
    var now: Date { state.value }
    func advance(by seconds: TimeInterval) { state.update { $0 += seconds } }
}

/// A value behind a lock.
final class LockedBox<Value: Sendable>: @unchecked Sendable {
    // @unchecked: every access holds `lock`.
    private var stored: Value
    private let lock = NSLock()
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ change: (inout Value) -> Void) { lock.withLock { change(&stored) } }
}

/// Requests with JSON bodies, answers parsed as JSON.
struct APIClient: Sendable {
    let client: any TestClientProtocol

    struct Answer: Sendable {
        var status: Int
        var headers: HTTPFields
        var text: String
        var json: JSONValue { (try? JSONValue(parsing: text)) ?? .null }
        subscript(key: String) -> JSONValue? { json[key] }
    }

    @discardableResult
    func request(
        _ method: HTTPRequest.Method, _ uri: String, json: JSONValue? = nil, body: String? = nil,
        headers: HTTPFields = [:]
    ) async throws -> Answer {
        var headers = headers
        var buffer: ByteBuffer?
        if let json {
            buffer = ByteBuffer(string: json.jsonText)
            headers[.contentType] = "application/json"
        } else if let body {
            buffer = ByteBuffer(string: body)
            if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        }
        let response = try await client.executeRequest(uri: uri, method: method, headers: headers, body: buffer)
        return Answer(status: Int(response.status.code), headers: response.headers, text: String(buffer: response.body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> Answer { try await request(.get, uri, headers: headers) }
    @discardableResult
    func post(_ uri: String, _ json: JSONValue, headers: HTTPFields = [:]) async throws -> Answer {
        try await request(.post, uri, json: json, headers: headers)
    }
}

/// Checks that `answer` is Airbyte's problem JSON with `status` and `title`.
func expectProblem(_ answer: APIClient.Answer, status: Int, title: String, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(answer.status == status, "body: \(answer.text)", sourceLocation: sourceLocation)
    #expect(answer.headers[.contentType] == "application/json", sourceLocation: sourceLocation)
    #expect(answer["status"]?.int64Value == Int64(status), "body: \(answer.text)", sourceLocation: sourceLocation)
    #expect(answer["title"]?.stringValue == title, "body: \(answer.text)", sourceLocation: sourceLocation)
    #expect(answer["type"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
    #expect(answer["detail"]?.stringValue?.isEmpty == false, sourceLocation: sourceLocation)
}
