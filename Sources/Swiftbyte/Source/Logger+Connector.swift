import Logging

extension Logger {
    /// This logger with the metadata `connector` set to `name`.
    func forConnector(_ name: String) -> Logger {
        var logger = self
        logger[metadataKey: Logger.connectorKey] = "\(name)"
        return logger
    }
}
