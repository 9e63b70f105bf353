// What Swiftbyte's API is made of, for a program that imports only Swiftbyte:
// the protocol's messages and JSON values, connector configs and secrets
// (ConnectorKit), and DuckDB's values and connections for querying the cache.
@_exported public import AirbyteProtocol
@_exported public import ConnectorKit
@_exported public import DuckDB
