import Synchronization
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGPIPE ignored for the whole process, once, before the first pipe to a
/// destination is written: a reader that went away is then a failed write
/// (EPIPE), reported as ``DestinationInputClosed``, not the end of this
/// process. A global `let` is initialized once, on first use, thread-safely.
private let ignoringBrokenPipes: Void = { _ = signal(SIGPIPE, SIG_IGN) }()

/// The destination stopped reading its input (it exited).
struct DestinationInputClosed: Error {}

/// Buffers lines for a destination's stdin and writes them with blocking
/// writes: when the destination is slow the pipe fills, the write waits, and
/// so does the source. Closing is idempotent and safe from any task.
final class PipeWriter: Sendable {
    private let descriptor: Int32
    private let state = Mutex<(buffer: [UInt8], closed: Bool)>(([], false))
    private static let flushSize = 1 << 20

    init(descriptor: Int32) {
        _ = ignoringBrokenPipes
        self.descriptor = descriptor
    }

    /// Adds a line (a newline is added).
    func append(_ line: ScannedBytes) {
        state.withLock { state in
            line.withUnsafeBytes { state.buffer.append(contentsOf: $0) }
            state.buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// Adds a line made here (a newline is added).
    func append(bytes line: [UInt8]) {
        state.withLock { state in
            state.buffer.append(contentsOf: line)
            state.buffer.append(UInt8(ascii: "\n"))
        }
    }

    /// Whether the buffer is worth writing now.
    var isFull: Bool { state.withLock { $0.buffer.count >= Self.flushSize } }

    /// Writes what is buffered, waiting while the pipe is full.
    ///
    /// - Throws: ``DestinationInputClosed`` when the destination has gone.
    func flush() throws {
        let bytes = state.withLock { state -> [UInt8] in
            defer { state.buffer.removeAll(keepingCapacity: true) }
            return state.closed ? [] : state.buffer
        }
        do {
            try FileDescriptor(rawValue: descriptor).writeAll(bytes)
        } catch {
            throw DestinationInputClosed()
        }
    }

    /// Closes the pipe: the destination sees the end of its input.
    func closeInput() {
        let wasOpen = state.withLock { state in
            defer { state.closed = true }
            return !state.closed
        }
        if wasOpen { _ = close(descriptor) }
    }
}
