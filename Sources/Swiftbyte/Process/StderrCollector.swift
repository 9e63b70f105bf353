import Foundation

/// Drains a connector's stderr on its own thread, so a chatty connector never
/// blocks on a full pipe, keeping only the tail for error messages.
final class StderrCollector: @unchecked Sendable {
    // `tail` is written by the draining thread and read after `done` is
    // signalled (or under `lock` for an early peek).
    private let lock = NSLock()
    private var tail = OutputTail()
    private let done = DispatchSemaphore(value: 0)

    /// Starts draining `descriptor`, which the collector closes at its end.
    init(descriptor: Int32) {
        let thread = Thread { [self] in
            let size = 16 * 1024
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 1)
            defer {
                buffer.deallocate()
                close(descriptor)
                done.signal()
            }
            while true {
                let count = read(descriptor, buffer, size)
                if count > 0 {
                    lock.withLock { tail.append(UnsafeRawBufferPointer(start: buffer, count: count)) }
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
    func finish(timeout: Duration = .seconds(2)) -> String {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        _ = done.wait(timeout: .now() + .nanoseconds(Int(nanoseconds)))
        return lock.withLock { tail.text }
    }
}
