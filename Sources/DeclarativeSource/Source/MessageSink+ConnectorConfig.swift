public import AirbyteProtocol

extension MessageSink {
    /// Writes a CONNECTOR_CONFIG control message carrying `config` (a config the
    /// manifest's migrations changed, for the platform to store), as the CDK does
    /// when it creates the source, and flushes.
    public func writeConnectorConfig(_ config: JSONObject) {
        MessageOutput(outsideAReadFor: self).configUpdated(.object(config))
    }
}
