public import AirbyteProtocol
import Foundation

/// Where a source's own log lines and swiftbyte's progress about it go.
///
/// Every text is masked before it gets here: secrets of the source's config
/// are replaced with `**********`.
///
/// ```swift
/// let log = SourceLog { event in
///     if case .log(let line) = event, line.level == .error { alert(line.message) }
/// }
/// ```
public struct SourceLog: Sendable {
    /// One thing to log.
    public enum Event: Sendable {
        /// A LOG message of the connector.
        case log(AirbyteLogMessage)
        /// A TRACE message of the connector: an error, an estimate, a stream's status.
        case trace(AirbyteTraceMessage)
        /// A line of the connector's stdout that is not a protocol message
        /// (a stray `print`), with why it was skipped.
        case invalidLine(String)
        /// swiftbyte's progress: installing the connector, starting a command.
        case progress(String)
    }

    private let handler: @Sendable (Event) -> Void

    /// A log handing each event to `handler`, from any thread.
    public init(_ handler: @escaping @Sendable (Event) -> Void) {
        self.handler = handler
    }

    func emit(_ event: Event) { handler(event) }

    /// A log that drops everything.
    public static let discarding = SourceLog { _ in }

    /// Writes INFO and more severe lines, errors and progress to stderr,
    /// prefixed with `name`; DEBUG and TRACE lines, stream statuses and
    /// estimates are left out.
    public static func standardError(prefix name: String) -> SourceLog {
        lines(prefix: name) { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// Hands `write` one line of text per event worth showing, prefixed with
    /// `name`: INFO and more severe LOG lines (only errors when `errorsOnly`),
    /// TRACE errors, skipped lines and progress (not when `errorsOnly`).
    public static func lines(prefix name: String, errorsOnly: Bool = false,
                             write: @escaping @Sendable (String) -> Void) -> SourceLog {
        SourceLog { event in
            let line: String? = switch event {
            case .log(let log) where [.debug, .trace].contains(log.level): nil
            case .log(let log) where errorsOnly && ![.error, .fatal].contains(log.level): nil
            case .log(let log): "[\(name)] \(log.level.rawValue) \(log.message)"
            case .trace(let trace) where trace.type == .error:
                "[\(name)] ERROR \(trace.error?.message ?? "")"
            case .trace: nil
            case .invalidLine where errorsOnly, .progress where errorsOnly: nil
            case .invalidLine(let text): "[\(name)] skipped a line of output: \(text)"
            case .progress(let text): "[\(name)] \(text)"
            }
            if let line { write(line) }
        }
    }
}
