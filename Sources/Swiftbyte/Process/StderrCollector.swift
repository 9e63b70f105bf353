import Foundation
import Synchronization

/// Drains a connector's stderr on its own thread, so a chatty connector never
/// blocks on a full pipe, keeping only the tail for error messages.
///
/// Waiting for the end (``finish(timeout:)``) suspends the task rather than
/// blocking a thread of the cooperative pool.
final class StderrCollector: Sendable {
    private struct State: ~Copyable {
        var tail = OutputTail()
        /// The pipe reached its end (or failed) and was closed.
        var drained = false
        /// Tasks waiting for `drained`, by id.
        var waiters: [Int: CheckedContinuation<Void, Never>] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    /// Starts draining `descriptor`, which the collector closes at its end.
    init(descriptor: Int32) {
        let thread = Thread { [self] in
            let size = 16 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
            defer {
                buffer.deallocate()
                close(descriptor)
                let waiters = state.withLock { state in
                    state.drained = true
                    defer { state.waiters = [:] }
                    return Array(state.waiters.values)
                }
                for waiter in waiters { waiter.resume() }
            }
            while true {
                let count = read(descriptor, buffer, size)
                if count > 0 {
                    state.withLock { $0.tail.append(UnsafeRawBufferPointer(start: buffer, count: count)) }
                } else if count == 0 || errno != EINTR {
                    return
                }
            }
        }
        thread.name = "swiftbyte stderr"
        thread.start()
    }

    /// The tail, once the pipe is closed or after `timeout` (a grandchild may
    /// still hold the pipe open), whichever comes first.
    func finish(timeout: Duration = .seconds(2)) async -> String {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.waitUntilDrained() }
            group.addTask { try? await Task.sleep(for: timeout) }
            await group.next()
            group.cancelAll()
        }
        return state.withLock { $0.tail.text }
    }

    /// Returns when the pipe is drained, or when the task is cancelled.
    private func waitUntilDrained() async {
        let id = state.withLock { state in
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state in
                    if state.drained || Task.isCancelled { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }
}
