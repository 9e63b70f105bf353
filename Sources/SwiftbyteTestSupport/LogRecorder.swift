public import Logging
import Synchronization

/// Keeps every line logged through its ``logger``, for tests that check what
/// a connector, a destination or the runner logged (and that no secret is in it).
///
/// ```swift
/// let recorder = LogRecorder()
/// let source = try await Source.resolve("source-script", config: …, logger: recorder.logger)
/// #expect(recorder.messages.contains("connecting with **********"))
/// ```
public final class LogRecorder: Sendable {
    /// One logged line.
    public struct Entry: Sendable, Hashable {
        public var level: Logger.Level
        public var message: String
        /// The logger's and the line's metadata, rendered as text.
        public var metadata: [String: String]

        public init(level: Logger.Level, message: String, metadata: [String: String] = [:]) {
            self.level = level
            self.message = message
            self.metadata = metadata
        }
    }

    private let recorded = Mutex<[Entry]>([])

    public init() {}

    /// A logger recording every level into this recorder.
    public var logger: Logger {
        Logger(label: "recorder") { [self] _ in Handler(recorder: self) }
    }

    /// The lines so far, in order.
    public var entries: [Entry] { recorded.withLock { $0 } }
    /// Their messages.
    public var messages: [String] { entries.map(\.message) }

    fileprivate func record(_ entry: Entry) {
        recorded.withLock { $0.append(entry) }
    }

    private struct Handler: LogHandler {
        let recorder: LogRecorder
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            recorder.record(
                Entry(
                    level: event.level, message: "\(event.message)",
                    metadata: merged.mapValues { "\($0)" }))
        }
    }
}
