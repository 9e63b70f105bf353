internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `GroupingPartitionRouter`: the underlying router's partitions in batches of `group_size`, for
/// APIs that filter by several keys in one request. A batch's partition holds, for each key of its
/// first partition, the list of the batch's values; its extra fields likewise. With `deduplicate`,
/// a partition value already seen is skipped. It adds nothing to requests itself (templates read
/// the lists from `stream_slice`), and the parents' state is the underlying router's.
struct GroupingPartitionRouter: PartitionRouter {
    let underlying: any PartitionRouter
    let groupSize: Int
    let deduplicate: Bool

    init(underlying: any PartitionRouter, groupSize: Int, deduplicate: Bool, at node: ComponentNode) throws(ManifestError) {
        guard groupSize >= 1 else { throw node.invalid("group_size", "Group size must be greater than 0, got \(groupSize)") }
        // The CDK refuses per-partition request options: they cannot be put on a batch.
        if underlying.injectsPartitionValues {
            throw node.invalid("underlying_partition_router", "Request options are not supported for GroupingPartitionRouter.")
        }
        self.underlying = underlying
        self.groupSize = groupSize
        self.deduplicate = deduplicate
    }

    var parentStreams: [DeclarativeStream] { underlying.parentStreams }

    func parentState() throws -> JSONObject? { try underlying.parentState() }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput { .empty }

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        var batch: [StreamSlice] = []
        var seen: Set<JinjaValue> = []
        try await underlying.forEachPartition { partition in
            let keys = partition.partition.keys.filter { $0 != "parent_slice" }
            guard keys.count == 1, let value = partition.partition[keys[0]] else {
                throw SourceFailure.system(
                    "ValueError: GroupingPartitionRouter expects a single partition key-value pair. Got \(JSONValue.object(partition.partition).jsonText)"
                )
            }
            if deduplicate {
                // Python's `key in seen_keys`: an unhashable value (a list, a dict) fails.
                switch value {
                case .array: throw SourceFailure.system("TypeError: unhashable type: 'list'")
                case .object: throw SourceFailure.system("TypeError: unhashable type: 'dict'")
                default: guard seen.insert(JinjaValue(value)).inserted else { return }
                }
            }
            batch.append(partition)
            if batch.count == groupSize {
                try await body(Self.grouped(batch))
                batch = []
            }
        }
        if !batch.isEmpty { try await body(Self.grouped(batch)) }
    }

    /// `_create_grouped_slice`: lists of the batch's values, key by key (missing ones `None`).
    private static func grouped(_ batch: [StreamSlice]) -> StreamSlice {
        var partition = JSONObject()
        for key in batch[0].partition.keys {
            partition[key] = .array(batch.map { $0.partition[key] ?? .null })
        }
        // The CDK collects the extra fields' names in a set, whose order varies by process;
        // first seen first here.
        var extraKeys: [String] = []
        for slice in batch {
            for key in slice.extraFields.keys where !extraKeys.contains(key) { extraKeys.append(key) }
        }
        var extraFields = JSONObject()
        for key in extraKeys { extraFields[key] = .array(batch.map { $0.extraFields[key] ?? .null }) }
        return StreamSlice(partition: partition, extraFields: extraFields)
    }
}
