import AirbyteProtocol

extension ConfiguredAirbyteCatalog {
    /// The streams whose tables are replaced (destination sync mode overwrite).
    var overwriteStreams: Set<StreamDescriptor> {
        Set(streams.filter { $0.destinationSyncMode == .overwrite }.map(\.streamDescriptor))
    }
}
