import Foundation
import Logging
import PostgresNIO
import Testing

/// The throwaway PostgreSQL cluster `scripts/test` starts for the whole run
/// (`SWIFTBYTE_TEST_POSTGRES`, its URL). Each test gets a database of its own.
/// Without the cluster, PostgreSQL tests are cancelled with the reason locally
/// and fail in CI (`CI=true`), where `scripts/test` must have started it.
package enum TestPostgres {
    package static let url = ProcessInfo.processInfo.environment["SWIFTBYTE_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    package static let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
    package static let missingReason: Comment = """
        PostgreSQL is not running: run the tests with scripts/test, or \
        `export SWIFTBYTE_TEST_POSTGRES=$(scripts/test-postgres start)` first
        """

    /// The cluster's URL; cancels the test (locally) or fails it (in CI) when there is none.
    package static func requireURL() throws -> String {
        if let url { return url }
        if inCI { throw PostgresMissing(reason: missingReason.rawValue) }
        try Test.cancel(missingReason)
    }

    package struct PostgresMissing: Error, CustomStringConvertible {
        let reason: String
        package var description: String { "in CI, " + reason }
    }

    private static let admin: Task<PostgresClient, any Error> = Task {
        guard let url else { throw CancellationError() }
        let components = try #require(URLComponents(string: url))
        var configuration = PostgresClient.Configuration(
            host: components.host ?? "127.0.0.1", port: components.port ?? 5432, username: components.user ?? "postgres",
            password: components.password, database: "postgres", tls: .disable)
        configuration.options.maximumConnections = 4
        let client = PostgresClient(configuration: configuration)
        Task { await client.run() }
        return client
    }

    /// A new empty database in the cluster; returns its URL.
    package static func createDatabase() async throws -> (name: String, url: String) {
        let url = try requireURL()
        let name = "swiftbyte_test_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
        try await admin.value.query(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        var components = try #require(URLComponents(string: url))
        components.path = "/\(name)"
        return (name, try #require(components.string))
    }

    /// Drops a database `createDatabase` made (its connections closed first).
    package static func dropDatabase(_ name: String) async throws {
        try await admin.value.query(PostgresQuery(unsafeSQL: "DROP DATABASE IF EXISTS \(name) WITH (FORCE)"))
    }
}
