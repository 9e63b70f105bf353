internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `UnionPartitionRouter`: the partitions of several routers, one after another, each partition
/// value once (the first wins). Every partition is `{partition_field: value}`; a child's other
/// partition keys (a substream's `parent_slice`) move to the extra fields, so per-partition
/// state keys are the same whichever child a value came from. It adds nothing to requests, and
/// the parents' state is the children's, merged.
struct UnionPartitionRouter: PartitionRouter {
    let routers: [any PartitionRouter]
    let partitionField: String

    /// `create_union_partition_router`'s checks: two children or more, all emitting
    /// `partitionField` (as far as their definitions tell), none with request options.
    init(
        routers: [any PartitionRouter], partitionField: String, childFields: [[String]], childTypes: [String],
        streamName: String, at node: ComponentNode
    ) throws(ManifestError) {
        guard routers.count >= 2 else {
            throw node.invalid(
                "partition_routers", "UnionPartitionRouter for stream \(streamName) needs at least 2 child partition routers")
        }
        for (fields, type) in zip(childFields, childTypes) {
            if let other = fields.first(where: { $0 != partitionField }) {
                throw node.invalid(
                    "partition_routers",
                    "UnionPartitionRouter expects all child partition routers to emit the partition field '\(partitionField)', "
                        + "but a \(type) child emits '\(other)'.")
            }
        }
        if routers.contains(where: \.injectsPartitionValues) {
            throw node.invalid("partition_routers", "Request options are not supported for UnionPartitionRouter.")
        }
        self.routers = routers
        self.partitionField = partitionField
    }

    var parentStreams: [DeclarativeStream] { routers.flatMap(\.parentStreams) }

    /// The children's parent states in one mapping (empty without any); a later child's state
    /// for the same parent wins.
    func parentState() throws -> JSONObject? {
        var merged = JSONObject()
        for router in routers {
            for (name, state) in try router.parentState() ?? JSONObject() { merged[name] = state }
        }
        return merged
    }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput { .empty }

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        var seen: Set<JinjaValue> = []
        for router in routers {
            try await router.forEachPartition { slice in
                guard let value = slice.partition[partitionField] else {
                    throw SourceFailure.system(
                        "ValueError: UnionPartitionRouter expects all child partition routers to emit the partition field "
                            + "'\(partitionField)'. Got \(JinjaValue(.object(slice.partition)).pythonRepr)")
                }
                switch value {
                case .array, .object:
                    throw SourceFailure.system(
                        "ValueError: UnionPartitionRouter can only deduplicate hashable partition values. Got unhashable value "
                            + "\(JinjaValue(value).pythonRepr) for partition field '\(partitionField)'.")
                default:
                    guard seen.insert(JinjaValue(value)).inserted else { return }
                }
                var extraFields = slice.extraFields
                for (key, carried) in slice.partition where key != partitionField { extraFields[key] = carried }
                try await body(StreamSlice(partition: JSONObject([(partitionField, value)]), extraFields: extraFields))
            }
        }
    }
}
