/// A table of the schema: its name, columns and key, as the generic row
/// operations of ``PlatformStore`` use them.
package struct StoreTable: Sendable, Hashable {
    /// The table's name (a plain identifier, never user input).
    package var name: String
    /// Its columns, in the order rows list them.
    package var columns: [String]
    /// The columns of its primary key.
    package var primaryKey: [String]

    package init(name: String, columns: [String], primaryKey: [String]) {
        self.name = name
        self.columns = columns
        self.primaryKey = primaryKey
    }
}

extension StoreTable {
    static let workspaces = StoreTable(
        name: "workspaces",
        columns: ["id", "name", "notifications", "tombstone", "created_at", "updated_at", "failure_threshold"],
        primaryKey: ["id"])
    static let connectorDefinitions = StoreTable(
        name: "connector_definitions",
        columns: ["id", "kind", "name", "type", "display_name", "runtime", "workspace_id", "created_at", "updated_at"],
        primaryKey: ["id"])
    static let sources = StoreTable(
        name: "sources",
        columns: ["id", "workspace_id", "definition_id", "name", "configuration", "tombstone", "created_at", "updated_at"],
        primaryKey: ["id"])
    static let destinations = StoreTable(
        name: "destinations",
        columns: ["id", "workspace_id", "definition_id", "name", "configuration", "tombstone", "created_at", "updated_at"],
        primaryKey: ["id"])
    static let connections = StoreTable(
        name: "connections",
        columns: [
            "id", "workspace_id", "name", "source_id", "destination_id", "streams", "catalog",
            "namespace_definition", "namespace_format", "prefix", "schedule", "schedule_updated_at", "status", "status_reason",
            "non_breaking_changes", "retry_policy", "failure_threshold", "notifications",
            "created_at", "updated_at", "catalog_streams",
        ],
        primaryKey: ["id"])
    static let discoveredCatalogs = StoreTable(
        name: "discovered_catalogs",
        columns: ["source_id", "catalog", "configuration_hash", "discovered_at"],
        primaryKey: ["source_id"])
    static let jobs = StoreTable(
        name: "jobs",
        columns: [
            "id", "connection_id", "workspace_id", "type", "status", "trigger", "scheduled_for", "streams",
            "max_attempts", "attempt_count", "next_attempt_at", "cancel_requested", "lease_owner",
            "lease_expires_at", "created_at", "updated_at", "started_at", "ended_at",
        ],
        primaryKey: ["id"])
    static let attempts = StoreTable(
        name: "attempts",
        columns: [
            "job_id", "number", "status", "worker", "log_path", "stream_stats", "failure",
            "created_at", "updated_at", "ended_at",
        ],
        primaryKey: ["job_id", "number"])
    static let connectionStates = StoreTable(
        name: "connection_states",
        columns: ["connection_id", "stream_name", "stream_namespace", "state", "updated_at"],
        primaryKey: ["connection_id", "stream_name", "stream_namespace"])
    static let applications = StoreTable(
        name: "applications",
        columns: ["id", "workspace_id", "name", "client_id", "secret_hash", "created_at"],
        primaryKey: ["id"])

    /// Every table, as migrations create them (a test compares each backend's schema with this).
    static let all: [StoreTable] = [
        workspaces, connectorDefinitions, sources, destinations, connections, discoveredCatalogs, jobs, attempts,
        connectionStates, applications,
    ]
}
