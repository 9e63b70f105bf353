public import DestinationKit

extension DuckDBDestination {
    /// Airbyte's destination-duckdb fields (`destination_path`, `schema`,
    /// `motherduck_api_key`) plus optional tuning, all with safe defaults.
    public static let specification = ConnectorSpecification(
        connectionSpecification: [
            "$schema": "http://json-schema.org/draft-07/schema#",
            "title": "Destination DuckDB (Swiftbyte)",
            "type": "object",
            "required": ["destination_path"],
            "additionalProperties": true,
            "properties": [
                "destination_path": [
                    "title": "Destination DB",
                    "type": "string",
                    "description":
                        "Path to the .duckdb file (created if missing, with its folder). In Airbyte's Docker runtime use a path under /local, the host's local mount. Use md: or md:<database> for MotherDuck.",
                    "examples": ["/local/destination.duckdb", "md:", "md:my_database"],
                    "minLength": 1,
                    "order": 0,
                ],
                "schema": [
                    "title": "Destination Schema",
                    "type": "string",
                    "description": "Schema for streams without a namespace.",
                    "default": "main",
                    "pattern": "^[^\\x00]+$",
                    "order": 1,
                ],
                "motherduck_api_key": [
                    "title": "MotherDuck API Key",
                    "type": "string",
                    "description": "Token for MotherDuck; only used with an md: destination path.",
                    "airbyte_secret": true,
                    "order": 2,
                ],
                "threads": [
                    "title": "Threads",
                    "type": "integer",
                    "description":
                        "DuckDB threads. The default, 1, loaded faker's records as fast as more threads did on a 2-core machine with much less memory (an append_dedup of 2 million records: 259 MiB with 1 thread, 622 MiB with 2); more can speed up merges into very large tables on many cores.",
                    "default": 1,
                    "minimum": 1,
                    "maximum": 256,
                    "order": 3,
                ],
                "memory_limit": [
                    "title": "Memory Limit",
                    "type": "string",
                    "description":
                        "DuckDB's memory limit. The default keeps the connector's peak memory low (about 250 MiB for 2 million faker records); raise it (for example 1GB) to speed up merges into very large tables.",
                    "default": "128MB",
                    "pattern": "^[0-9]+(\\.[0-9]+)?\\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$",
                    "order": 4,
                ],
                "basic_normalization": [
                    "title": "Basic Normalization",
                    "type": "boolean",
                    "description":
                        "Flatten nested objects into columns (contact.email becomes contact_email) and turn arrays of objects into child tables (customers_addresses, linked by _airbyte_customers_hashid), as Airbyte's Basic Normalization did. Off: nested values stay JSON columns.",
                    "default": false,
                    "order": 5,
                ],
            ],
        ],
        supportsIncremental: true,
        supportsNormalization: false,
        supportsDBT: false,
        supportedDestinationSyncModes: [.append, .overwrite, .appendDedup]
    )
}
