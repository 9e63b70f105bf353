internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `LegacyToPerPartitionStateMigration`: the partition field is the substream router's (its only
/// parent's `partition_field`) or the union router's; the cursor field is the stream's cursor's.
struct LegacyToPerPartitionStateMigration {
    let partitionField: String
    let cursorField: String
    /// A substream router with several parents never migrates.
    let parentCount: Int?

    init(stream: ComponentNode, retriever: ComponentNode, at node: ComponentNode, context: BuildContext) throws(ManifestError) {
        func evaluate(_ text: String, _ field: String, of owner: ComponentNode) throws(ManifestError) -> String {
            try context.evaluated(text, parameters: stream.parameters, at: owner, field: field)
        }
        let router = try? retriever.component("partition_router")
        switch router?.type {
        case "SubstreamPartitionRouter"?:
            let parents = try router!.componentList("parent_stream_configs")
            guard let first = parents.first else {
                throw node.invalid("type", "LegacyToPerPartitionStateMigrations can only be applied with a parent stream configuration.")
            }
            partitionField = try evaluate(try first.string("partition_field"), "partition_field", of: first)
            parentCount = parents.count
        case "UnionPartitionRouter"?:
            partitionField = try evaluate(try router!.string("partition_field"), "partition_field", of: router!)
            parentCount = nil
        default:
            let found = retriever["partition_router"].map { value in value.objectValue?["type"]?.stringValue ?? "a list of routers" }
            throw node.invalid(
                "type",
                "LegacyToPerPartitionStateMigrations can only be applied on a SimpleRetriever with a SubstreamPartitionRouter, "
                    + "UnionPartitionRouter or CustomPartitionRouter. Got \(found ?? "no partition router")")
        }
        guard let incremental = try stream.component("incremental_sync") else {
            throw node.invalid("type", "LegacyToPerPartitionStateMigrations can only be applied with an incremental_sync configuration.")
        }
        cursorField = try evaluate(try incremental.string("cursor_field"), "cursor_field", of: incremental)
    }

    /// `should_migrate`: not migrated yet, one parent stream, and every value a mapping holding
    /// only the cursor field.
    func shouldMigrate(_ state: JSONObject) -> Bool {
        if state["states"] != nil || state.isEmpty { return false }
        if let parentCount, parentCount != 1 { return false }
        return state.allSatisfy { _, value in
            guard case .object(let cursor) = value else { return false }
            return cursor.count == 1 && cursor.first?.key == cursorField
        }
    }

    func migrate(_ state: JSONObject) -> JSONObject {
        let states: [JSONValue] = state.map { key, value in
            ["partition": .object(JSONObject([(partitionField, .string(key))])), "cursor": value]
        }
        return ["states": .array(states)]
    }
}
