public import AirbyteProtocol
internal import Foundation

extension MessageSink {
    /// Writes a CONNECTOR_CONFIG control message carrying `config` (a config the
    /// manifest's migrations changed, for the platform to store), as the CDK does
    /// when it creates the source, and flushes.
    public func writeConnectorConfig(_ config: JSONObject) {
        // Whole milliseconds, written as the CDK's float (`1700000000000.0`).
        let output = MessageOutput(sink: self, nowMilliseconds: { (Date().timeIntervalSince1970 * 1000).rounded(.towardZero) })
        output.configUpdated(.object(config))
        flush()
    }
}
