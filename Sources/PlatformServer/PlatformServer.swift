import Foundation
import Hummingbird
package import Logging
import Notifications
package import Platform
package import PlatformAPI
import PlatformStore
package import PlatformUI
import Scheduler
import ServiceLifecycle
import Synchronization
import UnixSignals

/// `swiftbyte server`: the HTTP API, the scheduler and the workers in one
/// process, with their state in a folder (`.swiftbyte/` by default).
///
/// ```swift
/// let server = try await PlatformServer.start(ServerOptions(port: 8000), logger: logger)
/// try await server.run()   // until SIGTERM or SIGINT: then running attempts stop and are marked for retry
/// ```
package struct PlatformServer: Sendable {
    /// The domain the routes call.
    package let service: PlatformService
    /// The workers.
    package let workers: WorkerPool
    /// Airbyte's APIs over the domain.
    package let api: PlatformAPI
    /// The web UI, served at `/`.
    package let ui: PlatformUI
    let options: ServerOptions
    let logger: Logger
    /// The port it listens on, once it does.
    let boundPort: BoundPort
    /// Its webhook deliveries, finished before it stops (`nil` when notifications go elsewhere).
    let webhooks: WebhookNotificationSink?

    /// Prepares the server: creates its folder, opens and migrates the store,
    /// loads (or creates) the secret key. Nothing listens yet.
    ///
    /// - Parameter notifications: where events go; by default the webhooks the
    ///   workspace's (or a connection's own) notification settings name.
    /// - Throws: ``ServerError`` naming what cannot be had, or the store's ``StoreError``.
    package static func start(
        _ options: ServerOptions, logger: Logger,
        notifications: (any NotificationSink)? = nil
    ) async throws -> PlatformServer {
        do {
            try FileManager.default.createDirectory(
                atPath: options.folder, withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        } catch {
            throw ServerError("the server's folder \(options.folder) cannot be created: \(error.localizedDescription)")
        }
        let key: SecretKey
        let credentials: APICredentials
        do {
            key = try SecretKey.load(folder: options.folder, environment: options.environment)
            credentials = try APICredentials.from(
                environment: options.environment, host: options.host,
                require: options.requireAuthentication)
        } catch {
            throw ServerError("\(error)")
        }
        let store = try await openPlatformStore(database: options.database, folder: options.folder, logger: logger)
        if let problem = credentials.startupProblem(host: options.host, applications: try await store.applications().count) {
            try? await store.close()
            throw ServerError(problem)
        }
        var configuration = PlatformConfiguration(folder: options.folder, workers: options.workers)
        configuration.definitions = DefinitionCatalog()
        let metrics = PlatformMetrics()
        let boundPort = BoundPort()
        let webhooks =
            notifications == nil
            ? WebhookNotificationSink(
                notifier: WebhookNotifier(logger: logger), logger: logger,
                baseURL: { [options] in options.pageAddress(port: boundPort.port ?? options.port) }) : nil
        let service = PlatformService(
            store: store, configuration: configuration, secretKey: key,
            notifications: MetricsNotificationSink(
                metrics: metrics,
                forwardingTo: notifications ?? webhooks ?? DiscardingNotificationSink()),
            logger: logger)
        let api = PlatformAPI(
            service: service, credentials: credentials, tokenKey: key.derivedKey(for: "api-tokens"),
            metrics: metrics, notifier: WebhookNotifier(logger: logger))
        logger.info(
            "opened the platform",
            metadata: [
                "database": "\(store.location)", "secretKey": "\(key.origin)",
                "workers": "\(options.workers)", "worker": "\(configuration.workerID)",
                "authentication": "\(credentials.required ? "required" : "off")",
            ])
        // The UI signs in the API's basic-auth users when the API requires credentials.
        let users = credentials.users
        let signIn =
            credentials.required
            ? PlatformUI.SignIn { user, password in
                users[user].map { ApplicationSecrets.constantTimeEqual($0, password) } ?? false
            } : nil
        let clock = configuration.clock
        let applications = PlatformUI.Applications { name in
            try await ApplicationSecrets.create(named: name, in: store, now: clock())
        }
        let ui = try PlatformUI(
            service: service,
            options: PlatformUI.Options(
                key: key.derivedKey(for: "web-ui"), signIn: signIn,
                applications: applications),
            logger: logger)
        return PlatformServer(
            service: service, workers: WorkerPool(service: service), api: api, ui: ui, options: options,
            logger: logger, boundPort: boundPort, webhooks: webhooks)
    }

    /// How long a stopping server waits for webhook deliveries still retrying.
    static let webhookDrainTime = Duration.seconds(30)

    /// Serves until SIGTERM or SIGINT, then shuts down gracefully: stops
    /// accepting requests, stops running attempts (both connectors asked to
    /// stop, committed state kept) and marks them for a retry, closes the store.
    package func run(onListening: @escaping @Sendable (Int) async -> Void = { _ in }) async throws {
        let logger = self.logger
        let port = options.port
        let boundPort = self.boundPort
        let router = api.router()
        ui.addRoutes(to: router)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(options.host, port: options.port),
                serverName: "swiftbyte"),
            onServerRunning: { channel in
                let bound = channel.localAddress?.port ?? port
                boundPort.port = bound
                logger.info("listening", metadata: ["address": "http://\(channel.localAddress?.ipAddress ?? "?"):\(bound)"])
                await onListening(bound)
            },
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [
                    .init(service: WorkerService(pool: workers)),
                    .init(
                        service: SchedulerService(scheduler: service.makeScheduler())),
                    .init(service: application),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            await webhooks?.finishDeliveries(within: Self.webhookDrainTime)
            try? await service.store.close()
            throw error
        }
        // The workers have ended their jobs: what they notified is delivered, not dropped with the process.
        await webhooks?.finishDeliveries(within: Self.webhookDrainTime)
        try await service.store.close()
        logger.info("stopped")
    }
}

/// The worker pool as a service: shut down gracefully with the rest.
struct WorkerService: Service {
    let pool: WorkerPool

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await pool.run()
        } onGracefulShutdown: {
            pool.shutDown()
        }
    }
}

/// The scheduler as a service: it queues due syncs until the server shuts down.
struct SchedulerService: Service {
    let scheduler: Scheduler<PlatformScheduledConnections>

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await scheduler.run()
        }
    }
}

/// The server cannot start; `message` says why.
package struct ServerError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package init(_ message: String) { self.message = message }
    package var description: String { message }
}

/// The port the server listens on, known once it does (`--port 0` lets the system pick).
final class BoundPort: Sendable {
    private let value = Mutex<Int?>(nil)

    var port: Int? {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
