import DestinationKit
internal import DuckDB

/// The destination's settings, read from a config already validated against
/// ``DuckDBDestination/specification`` (so required fields are there and
/// defaults are filled in).
struct DuckDBDestinationConfig: Sendable, Equatable {
    /// A file path, or `md:` / `motherduck:` (optionally followed by a database name) for MotherDuck.
    var destinationPath: String
    /// The schema for streams without a namespace.
    var schema: String
    var motherDuckToken: String?
    /// DuckDB threads; 1 unless configured (see the specification for why).
    var threads: Int
    /// DuckDB's memory limit, for example "1GB" (nil: DuckDB's default).
    var memoryLimit: String?
    /// Basic normalization: nested objects flattened into columns, arrays of
    /// objects into child tables (see docs/normalization.md).
    var basicNormalization: Bool

    init(json config: JSONValue) throws(ConnectorFailure) {
        guard let path = config["destination_path"]?.stringValue, !path.isEmpty else {
            throw .config("destination_path is required: a file path such as /local/airbyte.duckdb, or md: for MotherDuck")
        }
        destinationPath = path
        schema = config["schema"]?.stringValue ?? "main"
        motherDuckToken = config["motherduck_api_key"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        threads = config["threads"]?.int64Value.map { Int($0) } ?? 1
        memoryLimit = config["memory_limit"]?.stringValue
        basicNormalization = config["basic_normalization"]?.boolValue ?? false
    }

    /// Whether the path names a MotherDuck database rather than a local file.
    var isMotherDuck: Bool {
        let lowered = destinationPath.lowercased()
        return lowered.hasPrefix("md:") || lowered.hasPrefix("motherduck:")
    }

    /// What to open: the path as DuckDB expects it and the options, with the
    /// MotherDuck token passed as DuckDB's `motherduck_token` setting (never in
    /// the path, where it could surface in error messages).
    var connectionSettings: (path: String, options: Database.Options) {
        var settings: [String: String] = [:]
        if isMotherDuck, let motherDuckToken { settings["motherduck_token"] = motherDuckToken }
        let path =
            isMotherDuck && destinationPath.lowercased().hasPrefix("motherduck:")
            ? "md:" + destinationPath.dropFirst("motherduck:".count)
            : destinationPath
        return (path, Database.Options(threads: threads, memoryLimit: memoryLimit, settings: settings))
    }
}
