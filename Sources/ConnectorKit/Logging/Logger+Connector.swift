public import AirbyteProtocol
public import Logging

extension Logger {
    /// A logger that drops everything: the default of every library call
    /// that takes a `Logger`, so that a library writes nowhere unless its
    /// caller says where. Pass your own to see the connectors' logs.
    public static let discarding = Logger(label: "swiftbyte.discarding") { _ in SwiftLogNoOpLogHandler() }

    /// The metadata key naming the connector a line is about (`source-faker`).
    public static let connectorKey = "connector"

    /// Logs a connector's LOG message at its level (see
    /// ``Logging/Logger/Level/init(_:)``), with its stack trace, if any, as
    /// the metadata `stack_trace`.
    public func log(_ line: AirbyteLogMessage, metadata: Logger.Metadata = [:]) {
        var metadata = metadata
        if let stackTrace = line.stackTrace { metadata["stack_trace"] = "\(stackTrace)" }
        log(level: Logger.Level(line.level), "\(line.message)", metadata: metadata.isEmpty ? nil : metadata)
    }
}
