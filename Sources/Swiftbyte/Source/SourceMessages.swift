public import AirbyteProtocol
import ConnectorKit
import DestinationKit
import Logging

/// The messages of a running `read`, in the order the source wrote them, for
/// a consumer that drives the loop itself (see ``Source/withMessages(catalog:state:_:)``).
///
/// ```swift
/// try await source.withMessages(catalog: catalog) { messages in
///     while let message = try messages.next() {
///         if case .record(let record) = message.content { writer.write(record) }  // spans valid until next()
///     }
/// }
/// ```
///
/// LOG messages and lines that are not protocol messages go to the source's
/// logger (masked; see ``Source/resolve(_:config:executor:secrets:logger:terminationGracePeriod:)``)
/// and are not returned. TRACE messages are returned and also logged (errors
/// at `error`, the rest at `debug`); a TRACE ERROR makes the read throw a
/// ``SourceError`` once the source has ended. Records are never decoded here.
///
/// It is valid only inside the `withMessages` body it was given to, on that
/// body's thread: do not keep it.
public final class SourceMessages {
    private let reader: MessageReader
    private let logger: Logger
    private let masker: SecretMasker
    /// The error traces the source sent, masked, in order.
    private(set) var errors: [AirbyteErrorTraceMessage] = []

    /// The source's process id (its process group has the same id).
    public let processID: Int32
    /// RECORD messages returned so far.
    public private(set) var recordCount = 0
    /// STATE messages returned so far.
    public private(set) var stateCount = 0

    init(reader: MessageReader, processID: Int32, logger: Logger, masker: SecretMasker) {
        self.reader = reader
        self.processID = processID
        self.logger = logger
        self.masker = masker
    }

    /// The next message, or `nil` once the source closed its output. Blocks
    /// until a line arrives.
    ///
    ///
    /// - Throws: `CancellationError` when the task is cancelled (the source is
    ///   then stopped); a `MessageReaderError` when reading the pipe fails.
    public func next() throws -> ScannedMessage? {
        while true {
            try Task.checkCancellation()
            let message: ScannedMessage?
            do {
                message = try reader.next()
            } catch {
                if case .readFailed = error.reason { throw error }
                logger.warning("skipped a line of output: \(masker.mask(error.description))")
                continue
            }
            guard let message else { return nil }
            switch message.content {
            case .record:
                recordCount += 1
                return message
            case .message(let decoded):
                switch decoded.payload {
                case .log(let line):
                    logger.log(mask(line))
                    continue
                case .trace(var trace):
                    if var error = trace.error, trace.type == .error {
                        error.message = masker.mask(error.message)
                        error.internalMessage = error.internalMessage.map(masker.mask)
                        error.stackTrace = error.stackTrace.map(masker.mask)
                        trace.error = error
                        errors.append(error)
                    }
                    log(trace)
                    return message
                case .state:
                    stateCount += 1
                    return message
                default:
                    return message
                }
            }
        }
    }

    /// Whether ``next()`` can return a message without waiting for the source.
    public var hasBufferedLine: Bool { reader.hasBufferedLine }

    /// Waits up to `timeout` for the source to write something (or close its
    /// output); `true` when ``next()`` will not block. For consumers that act
    /// while the source is quiet (commit, report progress).
    public func waitForInput(timeout: Duration) -> Bool {
        reader.waitForInput(timeout: timeout)
    }

    /// An error at `error` with its failure type; a stream status or an
    /// estimate at `debug`.
    private func log(_ trace: AirbyteTraceMessage) {
        if let error = trace.error, trace.type == .error {
            var metadata: Logger.Metadata = [:]
            if let failureType = error.failureType { metadata["failure_type"] = "\(failureType.rawValue)" }
            logger.error("\(error.message)", metadata: metadata)
        } else if let status = trace.streamStatus {
            logger.debug("stream \(status.streamDescriptor): \(status.status.rawValue)")
        } else {
            logger.debug("trace \(trace.type.rawValue)")
        }
    }

    private func mask(_ line: AirbyteLogMessage) -> AirbyteLogMessage {
        guard !masker.isEmpty else { return line }
        var masked = line
        masked.message = masker.mask(line.message)
        masked.stackTrace = line.stackTrace.map(masker.mask)
        return masked
    }
}
