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
    /// The environment (for `SWIFTBYTE_SECRET_KEY`), read at the executable's edge.
    package var environment: [String: String]

    package init(host: String = "127.0.0.1", port: Int = 8000, database: String? = nil, workers: Int = 2,
                 folder: String = ".swiftbyte", environment: [String: String] = [:]) {
        self.host = host
        self.port = port
        self.database = database
        self.workers = workers
        self.folder = folder
        self.environment = environment
    }
}
