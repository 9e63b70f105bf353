import Synchronization

/// Who is told, in this process, that a connection was created, changed or
/// deleted: the scheduler, so a new or re-scheduled connection is seen at once
/// instead of at its next periodic read.
final class ConnectionObservers: Sendable {
    private let observers = Mutex<[@Sendable () -> Void]>([])

    func add(_ observer: @escaping @Sendable () -> Void) {
        observers.withLock { $0.append(observer) }
    }

    func notify() {
        for observer in observers.withLock({ $0 }) { observer() }
    }
}
