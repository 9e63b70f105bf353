public import AirbyteProtocol

/// A cache keeps syncs' states in its `_airbyte_destination_state` table,
/// keyed by destination, source and stream as PyAirbyte keys them.
extension Cache: SyncStateStore {
    public func states(source: String, destination: String) throws -> [AirbyteStateMessage] {
        try CacheBookkeeping(database: database, schema: schema).destinationStates(source: source, destination: destination)
    }

    public func save(_ state: AirbyteStateMessage, source: String, destination: String) throws {
        try CacheBookkeeping(database: database, schema: schema).saveDestinationState(state, source: source, destination: destination)
    }
}
