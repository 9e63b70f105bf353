/// Log lines from a connector, written as Airbyte LOG messages on stdout (the
/// protocol's only channel the platform shows), with every configured secret
/// masked.
public import AirbyteProtocol

public struct ConnectorLog: Sendable {
    let emit: @Sendable (AirbyteLogMessage.Level, String) -> Void

    /// A log that hands each line to `emit` (the kit's is the protocol output).
    public init(emit: @escaping @Sendable (AirbyteLogMessage.Level, String) -> Void) {
        self.emit = emit
    }

    public func info(_ message: String) { emit(.info, message) }
    public func warn(_ message: String) { emit(.warn, message) }
    public func error(_ message: String) { emit(.error, message) }
    public func debug(_ message: String) { emit(.debug, message) }

    /// A log that drops everything, for tests and embedding.
    public static let discarding = ConnectorLog { _, _ in }
}
