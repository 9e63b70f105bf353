import Dispatch

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs `operation` in a task that Ctrl-C (SIGINT), SIGTERM or SIGHUP (the
/// terminal closed) cancels, for command-line programs: a running source is
/// then stopped cleanly (SIGTERM to its process group, SIGKILL after the grace
/// period) and its temporary files removed, instead of this process dying and
/// leaving the connector behind in its own process group. A second signal while
/// cancelling exits at once with status 130, after killing the connectors'
/// process groups, removing their temporary files and restoring the terminal.
///
/// ```swift
/// let summary = try await withInterruptCancellation {
///     try await source.read(catalog: catalog) { message in … }
/// }
/// ```
///
/// The signals' previous dispositions are restored when `operation` ends.
///
/// - Throws: What `operation` throws; `CancellationError` after a signal.
public func withInterruptCancellation<Result: Sendable>(
    _ operation: @escaping @Sendable () async throws -> Result
) async throws -> Result {
    let task = Task { try await operation() }
    let signals = [SIGINT, SIGTERM, SIGHUP]
    var previous: [(Int32, (@convention(c) (Int32) -> Void)?)] = []
    var sources: [any DispatchSourceSignal] = []
    let queue = DispatchQueue(label: "swiftbyte.interrupt")
    let received = ManagedCounter()
    for signalNumber in signals {
        // Ignored, so the default action (exit) does not happen; the dispatch source still sees it.
        previous.append((signalNumber, signal(signalNumber, SIG_IGN)))
        let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: queue)
        source.setEventHandler {
            if received.increment() > 1 {
                EmergencyCleanup.run()
                _exit(130)
            }
            task.cancel()
        }
        source.resume()
        sources.append(source)
    }
    defer {
        for source in sources { source.cancel() }
        for (signalNumber, old) in previous { signal(signalNumber, old) }
    }
    return try await withTaskCancellationHandler {
        try await task.value
    } onCancel: {
        task.cancel()
    }
}

/// A counter touched only on one serial queue.
private final class ManagedCounter: @unchecked Sendable {
    private var value = 0
    func increment() -> Int {
        value += 1
        return value
    }
}
