import ArgumentParser
import Foundation
import Logging
import PlatformServer

/// `swiftbyte server`: the platform — saved connections, jobs and Airbyte's API — in one process.
struct Server: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the platform: saved sources, destinations and connections, jobs and workers, Airbyte's API.",
        discussion: """
            State lives in --folder (.swiftbyte): platform.sqlite (or --database postgres://…), secret.key (the key \
            that encrypts connector secrets at rest; SWIFTBYTE_SECRET_KEY overrides it, and servers sharing one \
            PostgreSQL must share it) and logs/ (one file per job attempt). Several servers on one PostgreSQL share \
            its job queue. SIGTERM or SIGINT stops gracefully: running attempts are stopped and retried later.
            """)

    @Option(name: .long, help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "The port to listen on.")
    var port = 8000

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The metadata database: postgres://user:password@host:5432/db, or a SQLite file (default <folder>/platform.sqlite).",
            valueName: "url-or-path"))
    var database: String?

    @Option(name: .long, help: "Jobs this process runs at once.")
    var workers = 2

    @Option(name: .long, help: "The folder holding the server's state.")
    var folder = ".swiftbyte"

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "Require API credentials on a loopback address too (on any other address they always are).",
            discussion:
                "Credentials: SWIFTBYTE_API_USERNAME and SWIFTBYTE_API_PASSWORD (basic auth), SWIFTBYTE_API_CLIENT_ID and SWIFTBYTE_API_CLIENT_SECRET (a client for POST /api/public/v1/applications/token)."
        ))
    var requireAuth = false

    @Option(name: .long, help: ArgumentHelp("trace, debug, info, notice, warning, error or critical.", valueName: "level"))
    var logLevel = "info"

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard workers >= 0 else { throw ValidationError("--workers must be 0 or more") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "swiftbyte.server")
        let options = ServerOptions(
            host: host, port: port, database: database, workers: workers, folder: folder,
            environment: ProcessInfo.processInfo.environment, requireAuthentication: requireAuth)
        do {
            let server = try await PlatformServer.start(options, logger: logger)
            try await server.run()
        } catch {
            throw CommandFailure.exit("\(error)")
        }
    }
}
