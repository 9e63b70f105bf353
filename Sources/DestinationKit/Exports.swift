// A destination written with DestinationKit speaks in `AirbyteMessage`,
// `ConfiguredAirbyteCatalog` and `JSONValue` (AirbyteProtocol) and validates
// and names with ConnectorKit, without importing either itself.
@_exported public import AirbyteProtocol
@_exported public import ConnectorKit
