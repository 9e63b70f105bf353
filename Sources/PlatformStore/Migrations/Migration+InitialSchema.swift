import Foundation

extension Migration {
    /// Version 1: every table of the first release, and the default workspace.
    ///
    /// Both dialects keep the same columns (a test compares them with
    /// ``StoreTable``): times are milliseconds since the epoch (BIGINT), ids
    /// lowercase text, nested structures JSON text. Two partial unique indexes
    /// make the queue's rules the database's too: one running job per
    /// connection, one waiting job per connection and job type.
    static var initialSchema: Migration {
        let defaultWorkspace = UUID().uuidString.lowercased()
        let now = Date().storeMilliseconds
        let notifications =
            #"{"connectionUpdate":{"emailEnabled":false,"webhookEnabled":false},"connectionUpdateActionRequired":{"emailEnabled":false,"webhookEnabled":false},"failure":{"emailEnabled":false,"webhookEnabled":false},"success":{"emailEnabled":false,"webhookEnabled":false},"syncDisabled":{"emailEnabled":false,"webhookEnabled":false},"syncDisabledWarning":{"emailEnabled":false,"webhookEnabled":false}}"#
        func tables(jobID: String) -> [String] {
            [
                """
                CREATE TABLE workspaces (
                    id TEXT PRIMARY KEY, name TEXT NOT NULL, notifications TEXT NOT NULL,
                    tombstone BOOLEAN NOT NULL DEFAULT FALSE, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE connector_definitions (
                    id TEXT PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL,
                    display_name TEXT NOT NULL, runtime TEXT NOT NULL, workspace_id TEXT REFERENCES workspaces (id),
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX connector_definitions_by_type ON connector_definitions (kind, type)",
                """
                CREATE TABLE sources (
                    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces (id),
                    definition_id TEXT NOT NULL REFERENCES connector_definitions (id), name TEXT NOT NULL,
                    configuration TEXT NOT NULL, tombstone BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX sources_by_workspace ON sources (workspace_id, created_at)",
                """
                CREATE TABLE destinations (
                    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces (id),
                    definition_id TEXT NOT NULL REFERENCES connector_definitions (id), name TEXT NOT NULL,
                    configuration TEXT NOT NULL, tombstone BOOLEAN NOT NULL DEFAULT FALSE,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX destinations_by_workspace ON destinations (workspace_id, created_at)",
                """
                CREATE TABLE connections (
                    id TEXT PRIMARY KEY, workspace_id TEXT NOT NULL REFERENCES workspaces (id), name TEXT NOT NULL,
                    source_id TEXT NOT NULL REFERENCES sources (id),
                    destination_id TEXT NOT NULL REFERENCES destinations (id),
                    streams TEXT NOT NULL, catalog TEXT, namespace_definition TEXT NOT NULL, namespace_format TEXT,
                    prefix TEXT NOT NULL, schedule TEXT NOT NULL, schedule_updated_at BIGINT NOT NULL,
                    status TEXT NOT NULL, status_reason TEXT,
                    non_breaking_changes TEXT NOT NULL, retry_policy TEXT, failure_threshold INTEGER,
                    notifications TEXT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL)
                """,
                "CREATE INDEX connections_by_workspace ON connections (workspace_id, created_at)",
                "CREATE INDEX connections_by_source ON connections (source_id)",
                "CREATE INDEX connections_by_destination ON connections (destination_id)",
                """
                CREATE TABLE discovered_catalogs (
                    source_id TEXT PRIMARY KEY REFERENCES sources (id), catalog TEXT NOT NULL,
                    configuration_hash TEXT NOT NULL, discovered_at BIGINT NOT NULL)
                """,
                """
                CREATE TABLE jobs (
                    id \(jobID), connection_id TEXT NOT NULL REFERENCES connections (id),
                    workspace_id TEXT NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL, trigger TEXT NOT NULL,
                    scheduled_for BIGINT, streams TEXT, max_attempts INTEGER NOT NULL,
                    attempt_count INTEGER NOT NULL DEFAULT 0, next_attempt_at BIGINT,
                    cancel_requested BOOLEAN NOT NULL DEFAULT FALSE, lease_owner TEXT, lease_expires_at BIGINT,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, started_at BIGINT, ended_at BIGINT)
                """,
                "CREATE INDEX jobs_by_connection ON jobs (connection_id, id)",
                "CREATE INDEX jobs_by_status ON jobs (status, id)",
                "CREATE INDEX jobs_by_workspace ON jobs (workspace_id, created_at)",
                "CREATE INDEX jobs_by_connection_type ON jobs (connection_id, type, created_at)",
                "CREATE UNIQUE INDEX jobs_one_running_per_connection ON jobs (connection_id) WHERE status = 'running'",
                """
                CREATE UNIQUE INDEX jobs_one_waiting_per_connection_and_type ON jobs (connection_id, type)
                WHERE status IN ('pending', 'incomplete')
                """,
                """
                CREATE TABLE attempts (
                    job_id BIGINT NOT NULL REFERENCES jobs (id), number INTEGER NOT NULL, status TEXT NOT NULL,
                    worker TEXT NOT NULL, log_path TEXT, stream_stats TEXT NOT NULL, failure TEXT,
                    created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, ended_at BIGINT,
                    PRIMARY KEY (job_id, number))
                """,
                """
                CREATE TABLE connection_states (
                    connection_id TEXT NOT NULL REFERENCES connections (id), stream_name TEXT NOT NULL,
                    stream_namespace TEXT NOT NULL, state TEXT NOT NULL, updated_at BIGINT NOT NULL,
                    PRIMARY KEY (connection_id, stream_name, stream_namespace))
                """,
                """
                CREATE TABLE applications (
                    id TEXT PRIMARY KEY, workspace_id TEXT REFERENCES workspaces (id), name TEXT NOT NULL,
                    client_id TEXT NOT NULL UNIQUE, secret_hash TEXT NOT NULL, created_at BIGINT NOT NULL)
                """,
                """
                INSERT INTO workspaces (id, name, notifications, tombstone, created_at, updated_at)
                VALUES ('\(defaultWorkspace)', 'Default Workspace', '\(notifications)', FALSE, \(now), \(now))
                """,
            ]
        }
        return Migration(
            version: 1, name: "initial schema",
            sqlite: tables(jobID: "INTEGER PRIMARY KEY AUTOINCREMENT"),
            postgres: tables(jobID: "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"))
    }
}
