import AirbyteProtocol

extension ConfiguredAirbyteCatalog {
    /// The names of the streams whose tables are replaced (destination sync mode overwrite).
    var overwriteStreamNames: Set<String> {
        Set(streams.filter { $0.destinationSyncMode == .overwrite }.map(\.stream.name))
    }
}
