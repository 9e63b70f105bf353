internal import Synchronization

/// A counting semaphore for async code: callers wait for a permit without blocking a thread,
/// and are served in the order they asked.
final class AsyncSemaphore: Sendable {
    private struct State {
        var available: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state: Mutex<State>

    init(permits: Int) {
        state = Mutex(State(available: max(1, permits)))
    }

    /// Waits for a permit; the caller must `release()` it.
    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let resumeNow = state.withLock { state -> Bool in
                if state.available > 0 {
                    state.available -= 1
                    return true
                }
                state.waiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Hands the permit to the longest waiter, or back to the pool.
    func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume()
    }

    /// Runs `body` holding a permit.
    func withPermit<T: Sendable>(_ body: () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }
}

/// A mutual-exclusion lock for async code: callers wait their turn without blocking a thread.
final class AsyncLock: Sendable {
    private let semaphore = AsyncSemaphore(permits: 1)

    func withLock<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await semaphore.withPermit(body)
    }
}
