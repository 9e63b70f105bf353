/// What `swiftbyte server` starts with.
package struct ServerOptions: Sendable {
    /// The address to listen on.
    package var host: String
    /// The port to listen on.
    package var port: Int
    /// A `postgres://` URL, or a SQLite file; `nil` for `<folder>/platform.sqlite`.
    package var database: String?
    /// Jobs run at once by this process.
    package var workers: Int
    /// The server's state: `platform.sqlite`, `secret.key`, `logs/`.
    package var folder: String
    /// The environment (for `SWIFTBYTE_SECRET_KEY`, and the API's credentials:
    /// `SWIFTBYTE_API_USERNAME`/`_PASSWORD`, `SWIFTBYTE_API_CLIENT_ID`/`_SECRET`), read at the executable's edge.
    package var environment: [String: String]
    /// Whether API requests need credentials on a loopback address too (elsewhere they always do).
    package var requireAuthentication: Bool

    package init(
        host: String = "127.0.0.1", port: Int = 8000, database: String? = nil, workers: Int = 2,
        folder: String = ".swiftbyte", environment: [String: String] = [:], requireAuthentication: Bool = false
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.workers = workers
        self.folder = folder
        self.environment = environment
        self.requireAuthentication = requireAuthentication
    }

    /// Where the server's pages are, for links in notifications: `http://host:port`,
    /// nil when it listens on every address (no one name reaches it).
    package var pageAddress: String? { pageAddress(port: port) }

    /// ``pageAddress`` with the port the server is bound to (not 0 when `--port 0` let the system pick).
    package func pageAddress(port: Int) -> String? {
        guard !["0.0.0.0", "::", "[::]"].contains(host) else { return nil }
        return "http://\(host.contains(":") ? "[\(host)]" : host):\(port)"
    }
}
