internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

extension StreamFactory {
    /// `_migrate_state`: the stream's incoming state passed through its `state_migrations` in
    /// order, each applied when its `should_migrate` holds; `nil` when none changed it.
    ///
    /// The one migration that needs no Python is `LegacyToPerPartitionStateMigration`: a state
    /// kept by partition the way Python connectors kept it, `{"<partition id>": {"<cursor
    /// field>": value}}`, becomes the per-partition cursor's `{"states": [{"partition":
    /// {"<partition field>": "<partition id>"}, "cursor": {…}}]}`.
    func migratedState(_ node: ComponentNode, retriever: ComponentNode, name: String) throws(ManifestError) -> JSONObject? {
        let original = context.stateManager.state(for: name)
        var state = original
        for migration in try node.componentList("state_migrations") {
            _ = try migration.requireType(["LegacyToPerPartitionStateMigration"], role: "state migration")
            let legacy = try LegacyToPerPartitionStateMigration(stream: node, retriever: retriever, at: migration, context: context)
            if legacy.shouldMigrate(state) { state = legacy.migrate(state) }
        }
        return state == original ? nil : state
    }
}
