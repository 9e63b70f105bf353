import AirbyteProtocol
package import Logging

/// Writes each log line as an Airbyte LOG message on the protocol output,
/// where the platform shows a connector's logs (its secrets masked there):
/// the logger a destination is given by the `write` and `check` commands.
///
/// Metadata follows the message as `key=value` pairs.
package struct ProtocolLogHandler: LogHandler {
    package var metadata: Logger.Metadata = [:]
    package var logLevel: Logger.Level = .info
    private let output: ProtocolOutput

    package init(output: ProtocolOutput) {
        self.output = output
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        var text = "\(event.message)"
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        if !merged.isEmpty {
            text += " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
        output.emit(.log(AirbyteLogMessage.Level(event.level), text))
    }
}
