import Foundation
import PostgresNIO

/// A `postgres://user:password@host:port/database?sslmode=…` URL read into a
/// postgres-nio configuration.
struct PostgresLocation: Sendable {
    let configuration: PostgresClient.Configuration
    /// The URL without its password, for logs.
    let description: String

    /// Whether `text` names a PostgreSQL database (`postgres://` or `postgresql://`).
    static func isPostgresURL(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    init(url text: String) throws {
        guard Self.isPostgresURL(text), let url = URLComponents(string: text), let host = url.host, !host.isEmpty else {
            throw StoreError(
                .unavailable,
                message: """
                    --database must be a PostgreSQL URL such as postgres://user:password@host:5432/database
                    """)
        }
        let user = url.user.flatMap { $0.removingPercentEncoding } ?? "postgres"
        let password = url.password.flatMap { $0.removingPercentEncoding }
        let database = String(url.path.dropFirst()).removingPercentEncoding.flatMap { $0.isEmpty ? nil : $0 }
        let port = url.port ?? 5432
        let sslMode = url.queryItems?.first { $0.name == "sslmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch sslMode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: host, port: port, username: user, password: password,
            database: database, tls: tls)
        configuration.options.maximumConnections = 10
        self.configuration = configuration
        description = "postgres://\(user)@\(host):\(port)/\(database ?? user)"
    }
}
