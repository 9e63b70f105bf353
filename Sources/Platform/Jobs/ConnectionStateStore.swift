import AirbyteProtocol
import Dispatch
import Foundation
import PlatformStore
import Swiftbyte
import Synchronization

/// The `SyncStateStore` a platform sync saves into: the connection's state in
/// the platform store, written only from what the destination acknowledged,
/// and only while this worker holds the job (a worker that lost its lease
/// gets ``StoreError/Code/leaseLost`` and its sync stops).
///
/// `states` are read before the sync starts; streams being refreshed resume
/// from nothing in every attempt, so a retried refresh never builds on a
/// failed attempt's partial read.
final class ConnectionStateStore: SyncStateStore {
    private let store: any PlatformStore
    private let connection: ConnectionID
    private let lease: LeaseToken
    private let initial: [AirbyteStateMessage]
    private let clock: @Sendable () -> Date

    init(
        store: any PlatformStore, connection: ConnectionID, lease: LeaseToken, initial: [AirbyteStateMessage],
        refreshing: Set<StreamDescriptor>, clock: @escaping @Sendable () -> Date
    ) {
        self.store = store
        self.connection = connection
        self.lease = lease
        self.clock = clock
        self.initial =
            refreshing.isEmpty
            ? initial
            : initial.compactMap { state in
                switch state.effectiveType {
                case .stream:
                    return refreshing.contains(state.stream?.streamDescriptor ?? StreamDescriptor(name: "")) ? nil : state
                case .global:
                    guard var global = state.global else { return state }
                    global.streamStates.removeAll { refreshing.contains($0.streamDescriptor) }
                    var kept = state
                    kept.global = global
                    return kept
                default:
                    return nil  // a LEGACY state cannot leave out one stream: the refresh reads everything afresh
                }
            }
    }

    func states(source: String, destination: String) throws -> [AirbyteStateMessage] { initial }

    /// How many states the sync resumes from.
    var initialCount: Int { initial.count }

    /// Saves `state` before the destination's next message is read. Swiftbyte
    /// calls this on the thread reading the destination's output (a Dispatch
    /// thread, not the cooperative pool), so it waits here for the store.
    func save(_ state: AirbyteStateMessage, source: String, destination: String) throws {
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<(any Error)?>(nil)
        let (store, connection, lease, now) = (self.store, self.connection, self.lease, clock())
        // On the global executor explicitly: the calling task prefers the (now blocked) reading thread.
        Task(executorPreference: globalConcurrentExecutor) {
            do {
                try await store.saveConnectionState(state, for: connection, lease: lease, now: now)
            } catch {
                outcome.withLock { $0 = error }
            }
            done.signal()
        }
        done.wait()
        if let error = outcome.withLock({ $0 }) { throw error }
    }
}
