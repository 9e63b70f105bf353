public import AirbyteProtocol
public import Logging

extension Logger.Level {
    /// The level of an Airbyte LOG message: FATAL is `critical`, WARN
    /// `warning`, the others their namesakes; an unknown level is `info`.
    public init(_ level: AirbyteLogMessage.Level) {
        switch level {
        case .fatal: self = .critical
        case .error: self = .error
        case .warn: self = .warning
        case .debug: self = .debug
        case .trace: self = .trace
        default: self = .info
        }
    }
}

extension AirbyteLogMessage.Level {
    /// The Airbyte level for a log level: `critical` is FATAL, `warning` and
    /// `notice` WARN and INFO, the others their namesakes.
    public init(_ level: Logger.Level) {
        switch level {
        case .critical: self = .fatal
        case .error: self = .error
        case .warning: self = .warn
        case .notice, .info: self = .info
        case .debug: self = .debug
        case .trace: self = .trace
        }
    }
}
