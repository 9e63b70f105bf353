internal import AirbyteProtocol
internal import DeclarativeManifest

/// The manifest's `stream_groups`: streams that share a resource (an endpoint, a session) and
/// must not be read at the same time (`BlockSimultaneousSyncsAction`). A grouped stream waits
/// while another stream of its group is being read, including as a parent read for a child;
/// the streams in the queue behind it start meanwhile, as the CDK's concurrent source defers.
/// A grouped parent counts as being read until its child stream ends (the CDK frees it once the
/// child's partitions are listed): stricter, so the group's streams are never read together.
struct StreamGroups {
    private let groupOf: [String: String]
    private var activeCount: [String: Int] = [:]

    /// The groups of the streams being read (the catalog's selection): a group's other
    /// streams, not read, hold nothing back.
    init(_ manifest: ResolvedManifest, selected: Set<String>) throws(ManifestError) {
        groupOf = try Self.groups(in: manifest).filter { selected.contains($0.key) }
    }

    /// Each grouped stream's group.
    static func groups(in manifest: ResolvedManifest) throws(ManifestError) -> [String: String] {
        var groupOf: [String: String] = [:]
        for (group, definition) in manifest.root["stream_groups"]?.objectValue ?? JSONObject() {
            let path = "stream_groups.\(group)"
            guard case .object(let members) = definition else {
                throw ManifestError(.invalidComponent, at: path, "A stream group must be a mapping")
            }
            let actionType = members["action"]?["type"]?.stringValue
            guard actionType == "BlockSimultaneousSyncsAction" else {
                throw ManifestError(
                    .unsupportedComponent, at: "\(path).action",
                    "\(actionType ?? "A stream group action without a type") is not supported (supported: BlockSimultaneousSyncsAction)")
            }
            for case .object(let stream) in members["streams"]?.arrayValue ?? [] {
                if let name = stream["name"]?.stringValue, !name.isEmpty { groupOf[name] = group }
            }
        }
        return groupOf
    }

    /// `_apply_stream_groups`' check when the streams are built (so `check` and `discover`
    /// fail too): no stream shares a group with one of its ancestors, which would wait for it.
    static func validate(_ manifest: ResolvedManifest, streams: [DeclarativeStream]) throws(ManifestError) {
        let groupOf = try groups(in: manifest)
        guard !groupOf.isEmpty else { return }
        for stream in streams {
            guard let group = groupOf[stream.name] else { continue }
            for ancestor in stream.ancestorNames.sorted() where groupOf[ancestor] == group {
                throw ManifestError(
                    .invalidComponent, at: "stream_groups.\(group)",
                    "Stream '\(stream.name)' and its parent stream '\(ancestor)' are both in group '\(group)'. "
                        + "A child stream must not share a group with its parent to avoid deadlock.")
            }
        }
    }

    /// Whether `stream` may start now: it is not being read (as a parent), its group is idle,
    /// and none of its grouped ancestors is being read.
    func canStart(_ stream: DeclarativeStream) -> Bool {
        if let group = groupOf[stream.name] {
            if activeCount[stream.name, default: 0] > 0 { return false }
            if groupOf.contains(where: { $0.value == group && activeCount[$0.key, default: 0] > 0 }) { return false }
        }
        return !stream.ancestorNames.contains { groupOf[$0] != nil && activeCount[$0, default: 0] > 0 }
    }

    /// Marks `stream` and its grouped ancestors as being read.
    mutating func start(_ stream: DeclarativeStream) {
        for name in involvedNames(stream) { activeCount[name, default: 0] += 1 }
    }

    /// Marks `stream` and the ancestors it read as done.
    mutating func finish(_ stream: DeclarativeStream) {
        for name in involvedNames(stream) { activeCount[name, default: 0] -= 1 }
    }

    private func involvedNames(_ stream: DeclarativeStream) -> [String] {
        ([stream.name] + stream.ancestorNames.sorted()).filter { groupOf[$0] != nil }
    }
}
