import AirbyteProtocol
import ConnectorKit
import Logging

/// Log lines for a person: `[source-faker] INFO message`, named by the
/// metadata `connector` (`swiftbyte` without it), handed to `write`. How
/// `swiftbyte` shows connectors' logs on stderr.
struct LineLogHandler: LogHandler {
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    let write: @Sendable (String) -> Void

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let name = event.metadata?[Logger.connectorKey] ?? metadata[Logger.connectorKey]
        write("[\(name.map { "\($0)" } ?? "swiftbyte")] \(AirbyteLogMessage.Level(event.level).rawValue) \(event.message)")
    }

    /// A logger writing lines at `level` and above with `write`.
    static func logger(level: Logger.Level, write: @escaping @Sendable (String) -> Void) -> Logger {
        Logger(label: "swiftbyte") { _ in LineLogHandler(logLevel: level, write: write) }
    }
}
