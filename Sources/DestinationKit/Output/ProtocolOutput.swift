import Synchronization

#if canImport(Glibc)
package import Logging
import SystemPackage
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The connector's stdout: Airbyte messages, one per line, through one buffer.
///
/// Every LOG, TRACE ERROR and CONNECTION_STATUS goes through the
/// ``SecretMasker`` of the config before it is serialized. STATE
/// acknowledgements are appended as the bytes the checkpointing made. Nothing
/// reaches the file descriptor before ``flush()``, except when the buffer grows
/// past ``flushThreshold``; the write loop flushes after each batch of
/// acknowledgements and before it waits for input, the command before it exits.
///
/// Thread-safe: a destination may log from any thread.
package final class ProtocolOutput: Sendable {
    /// Buffered bytes beyond which a message is written out at once.
    static let flushThreshold = 1 << 16

    private struct State {
        var bytes: [UInt8] = []
        var masker = SecretMasker(secrets: [])
        /// The first failed write; later output is dropped.
        var failure: OutputError?
    }

    private let descriptor: Int32
    private let state = Mutex(State())

    /// Output to `descriptor`, which it does not close.
    package init(fileDescriptor descriptor: Int32) {
        self.descriptor = descriptor
    }

    /// Hides these secrets, and those hidden before, in every later message.
    package func hide(_ masker: SecretMasker) {
        state.withLock { $0.masker = $0.masker.merging(masker) }
    }

    /// A logger that writes LOG messages here (INFO and above).
    package var logger: Logger {
        Logger(label: "destination") { [self] _ in ProtocolLogHandler(output: self) }
    }

    /// Buffers `message`, its user-facing texts masked.
    package func emit(_ message: AirbyteMessage) {
        state.withLock { state in
            state.masker.mask(message).serializeLine(into: &state.bytes)
            if state.bytes.count >= Self.flushThreshold { drain(&state) }
        }
    }

    /// Buffers protocol lines as they are (STATE acknowledgements).
    package func emitLines(_ lines: [UInt8]) {
        state.withLock { state in
            state.bytes.append(contentsOf: lines)
            if state.bytes.count >= Self.flushThreshold { drain(&state) }
        }
    }

    /// Writes out everything buffered.
    ///
    /// - Throws: ``OutputError`` when this or an earlier write failed.
    package func flush() throws(OutputError) {
        let failure = state.withLock { state in
            drain(&state)
            return state.failure
        }
        if let failure { throw failure }
    }

    private func drain(_ state: inout State) {
        defer { state.bytes.removeAll(keepingCapacity: state.bytes.capacity <= 4 * Self.flushThreshold) }
        guard state.failure == nil, !state.bytes.isEmpty else { return }
        do {
            try FileDescriptor(rawValue: descriptor).writeAll(state.bytes)
        } catch {
            state.failure = OutputError(errno: (error as? Errno)?.rawValue ?? EIO)
        }
    }
}
