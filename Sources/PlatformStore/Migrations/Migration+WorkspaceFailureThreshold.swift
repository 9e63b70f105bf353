extension Migration {
    /// Version 2: a workspace's own consecutive-failure threshold (the settings
    /// page's), between a connection's own and the platform's default.
    static var workspaceFailureThreshold: Migration {
        Migration(
            version: 2, name: "workspace failure threshold",
            sqlite: ["ALTER TABLE workspaces ADD COLUMN failure_threshold INTEGER"],
            postgres: ["ALTER TABLE workspaces ADD COLUMN failure_threshold INTEGER"])
    }
}
