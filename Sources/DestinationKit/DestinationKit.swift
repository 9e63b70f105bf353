// DestinationKit re-exports the protocol types: a destination written with the kit
// speaks in `AirbyteMessage`, `ConfiguredAirbyteCatalog` and `JSONValue` without a
// second import.
@_exported import AirbyteProtocol
