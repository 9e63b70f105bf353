package import AirbyteProtocol
import DestinationKit
import Foundation
package import Logging
package import PlatformStore
import Swiftbyte
import Synchronization

/// The platform's domain: what the API and the UI call to create, change and
/// run things. It validates configurations against their connector's
/// specification, keeps secrets sealed at rest, runs `check` and `discover`,
/// validates connections against the source's catalog, and queues and cancels
/// jobs, which the ``WorkerPool`` runs through Swiftbyte.
///
/// Reads of plain values (lists, gets, jobs, attempts) go straight to ``store``;
/// anything that validates, encrypts, runs or queues goes through here. Never
/// hand a stored configuration to a client: use ``maskedConfiguration(_:)``.
///
/// ```swift
/// let service = try PlatformService(store: store, configuration: PlatformConfiguration(folder: ".swiftbyte"),
///                                   logger: logger)
/// let source = try await service.createSource(name: "faker", definition: .type("faker"), configuration: ["count": 1000])
/// let destination = try await service.createDestination(name: "warehouse", definition: .type("duckdb"),
///                                                       configuration: ["destination_path": "warehouse.duckdb"])
/// let connection = try await service.createConnection(source: source.id, destination: destination.id)
/// let job = try await service.triggerJob(connection.id).job
/// ```
package final class PlatformService: Sendable {
    /// The metadata store (read plain values from it directly).
    package let store: any PlatformStore
    /// How the platform runs.
    package let configuration: PlatformConfiguration
    let secrets: ConfigurationSecrets
    let logger: Logger
    let notifications: any NotificationSink
    let specifications = SpecificationCache()
    /// Attempts this process runs, by job, so a cancel asked here stops them at once.
    let running = RunningAttempts()
    /// Wakes idle workers when a job is queued by this process.
    let wakeUp = WakeUp()
    /// Told when a connection was created, changed or deleted by this process.
    let connectionObservers = ConnectionObservers()

    /// A service over `store`, sealing secrets with `secretKey`.
    package init(
        store: any PlatformStore, configuration: PlatformConfiguration, secretKey: SecretKey,
        notifications: any NotificationSink = DiscardingNotificationSink(), logger: Logger
    ) {
        self.store = store
        self.configuration = configuration
        self.secrets = ConfigurationSecrets(box: SecretBox(key: secretKey))
        self.notifications = notifications
        self.logger = logger
    }

    /// Calls `observer` whenever this process creates, changes or deletes a
    /// connection (through the API, the UI, or the platform itself disabling
    /// one). Other processes sharing a PostgreSQL store are not heard: their
    /// changes reach a scheduler by its periodic read.
    package func onConnectionsChanged(_ observer: @escaping @Sendable () -> Void) {
        connectionObservers.add(observer)
    }

    /// Now, by the configured clock.
    var now: Date { configuration.clock() }

    /// The workspace `id`, or the default one when `nil`.
    package func workspace(_ id: WorkspaceID?) async throws -> Workspace {
        guard let id else { return try await storeCall { try await self.store.defaultWorkspace() } }
        guard let workspace = try await storeCall({ try await self.store.workspace(id) }), !workspace.isDeleted else {
            throw PlatformError(.notFound, message: "there is no workspace \(id)")
        }
        return workspace
    }

    /// A stored configuration as a client may see it: every secret `**********`.
    package func maskedConfiguration(_ stored: JSONValue) -> JSONValue {
        ConfigurationSecrets.masking(stored)
    }

    /// Runs a store operation, turning its errors into ``PlatformError``s.
    func storeCall<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            switch error.code {
            case .notFound: throw PlatformError(.notFound, message: error.message, underlying: error)
            case .conflict: throw PlatformError(.conflict, message: error.message, underlying: error)
            default: throw PlatformError(.storeFailed, message: "the platform database failed: \(error.message)", underlying: error)
            }
        }
    }

    /// A log for a connector command run on demand (spec, check, discover): its lines go to the server's debug log.
    func connectorLogger(_ name: String) -> Logger {
        let logger = self.logger
        return Logger(label: "swiftbyte.connector") { _ in
            LineLogHandler(origin: name) { level, origin, message in
                logger.debug("[\(origin)] \(AirbyteLogMessage.Level(level).rawValue) \(message)")
            }
        }
    }
}

/// Connector specifications by definition, fetched once per process (a `spec`
/// runs the connector, and may install it first).
final class SpecificationCache: Sendable {
    private let known = Mutex<[DefinitionID: (ConnectorRuntime, ConnectorSpecification)]>([:])

    func specification(
        of definition: ConnectorDefinition,
        fetch: () async throws -> ConnectorSpecification
    ) async throws -> ConnectorSpecification {
        if let (runtime, specification) = known.withLock({ $0[definition.id] }), runtime == definition.runtime {
            return specification
        }
        let specification = try await fetch()
        known.withLock { $0[definition.id] = (definition.runtime, specification) }
        return specification
    }
}

/// A signal idle workers wait on: a job was queued by this process.
final class WakeUp: Sendable {
    private struct State {
        var generation = 0
        var waiting: Set<UUID> = []
        var timedOut: Set<UUID> = []
        var continuations: [UUID: CheckedContinuation<Void, Never>] = [:]
    }

    private let state = Mutex(State())

    /// How many signals there were: read it before looking for work, pass it to ``wait(since:timeout:)``.
    var generation: Int { state.withLock { $0.generation } }

    /// Wakes every waiting worker.
    func signal() {
        let continuations = state.withLock { state in
            state.generation += 1
            defer { state.continuations.removeAll() }
            return Array(state.continuations.values)
        }
        for continuation in continuations { continuation.resume() }
    }

    /// Waits until a signal after `generation`, or `timeout`, whichever comes first.
    func wait(since generation: Int, timeout: Duration) async {
        let id = UUID()
        state.withLock { _ = $0.waiting.insert(id) }
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.timeOut(id)
        }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state -> Bool in
                if state.generation != generation || state.timedOut.contains(id) { return true }
                state.continuations[id] = continuation
                return false
            }
            if now { continuation.resume() }
        }
        timer.cancel()
        state.withLock { state in
            state.waiting.remove(id)
            state.timedOut.remove(id)
            state.continuations[id] = nil
        }
    }

    private func timeOut(_ id: UUID) {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.waiting.contains(id) else { return nil }
            state.timedOut.insert(id)
            return state.continuations.removeValue(forKey: id)
        }
        continuation?.resume()
    }
}
