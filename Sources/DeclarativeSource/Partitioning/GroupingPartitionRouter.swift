internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
internal import Synchronization

/// `GroupingPartitionRouter`: the underlying router's partitions in groups of `group_size`,
/// each group one partition whose value per key is the list of its members' values (and its
/// extra fields likewise); a value seen before is dropped with `deduplicate`. It adds nothing
/// to requests: the requester's templates read the lists.
struct GroupingPartitionRouter: PartitionRouter {
    let underlying: any PartitionRouter
    let groupSize: Int
    let deduplicate: Bool
    /// The underlying router's parent state as of the last group handed on (the CDK's `_state`).
    private let state = StateSnapshot()

    init(underlying: any PartitionRouter, groupSize: Int, deduplicate: Bool) {
        self.underlying = underlying
        self.groupSize = groupSize
        self.deduplicate = deduplicate
    }

    func forEachPartition(_ body: (StreamSlice) async throws -> Void) async throws {
        var batch: [StreamSlice] = []
        var seen: Set<JSONValue> = []
        try await withoutActuallyEscaping(body) { body in
            try await underlying.forEachPartition { partition in
                let keys = partition.partition.keys.filter { $0 != "parent_slice" }
                guard keys.count == 1, let key = partition.partition[keys[0]] else {
                    throw SourceFailure.system(
                        "ValueError: GroupingPartitionRouter expects a single partition key-value pair. Got \(JSONValue.object(partition.partition).jsonText)"
                    )
                }
                if deduplicate && seen.contains(key) { return }
                batch.append(partition)
                if deduplicate { seen.insert(key) }
                if batch.count == groupSize {
                    state.set(try underlying.parentState())
                    try await body(Self.group(batch))
                    batch = []
                }
            }
        }
        state.set(try underlying.parentState())
        if !batch.isEmpty { try await body(Self.group(batch)) }
    }

    /// `_create_grouped_slice`: the first member's keys, each with every member's value.
    static func group(_ batch: [StreamSlice]) -> StreamSlice {
        var partition = JSONObject()
        for key in batch[0].partition.keys {
            partition[key] = .array(batch.map { $0.partition[key] ?? .null })
        }
        var extra = JSONObject()
        for member in batch {
            for key in member.extraFields.keys where extra[key] == nil {
                extra[key] = .array(batch.map { $0.extraFields[key] ?? .null })
            }
        }
        return StreamSlice(partition: partition, extraFields: extra)
    }

    func parentState() throws -> JSONObject? { state.value }

    var parentStreamNames: [String] { underlying.parentStreamNames }

    func requestOptions(_ kind: RequestOptionKind, slice: StreamSlice, nextPageToken: JinjaValue?) throws -> RequestInput { .empty }
}

/// A value set by one task and read by others.
final class StateSnapshot: Sendable {
    private let stored = Mutex<JSONObject?>(nil)
    var value: JSONObject? { stored.withLock { $0 } }
    func set(_ value: JSONObject?) { stored.withLock { $0 = value } }
}
