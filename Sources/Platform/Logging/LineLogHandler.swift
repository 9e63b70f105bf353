import ConnectorKit
import Logging

/// A swift-log handler that hands each line at `minimumLevel` or above to
/// `write` with its level and the connector it is about (the `connector`
/// metadata Swiftbyte sets, else `origin`): how a connector's log reaches an
/// attempt's log file or the server's debug log.
struct LineLogHandler: LogHandler {
    /// The line's level, the connector (or origin) it is about, and its message.
    typealias Write = @Sendable (_ level: Logger.Level, _ origin: String, _ message: String) -> Void

    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level
    private let origin: String
    private let write: Write

    init(origin: String, minimumLevel: Logger.Level = .info, write: @escaping Write) {
        self.origin = origin
        self.logLevel = minimumLevel
        self.write = write
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let connector = event.metadata?[Logger.connectorKey] ?? metadata[Logger.connectorKey]
        write(event.level, connector.map { "\($0)" } ?? origin, "\(event.message)")
    }
}
