import AirbyteProtocol
import PlatformStore

/// What changed between the catalog a connection's streams were chosen from
/// and the source's catalog now, as Airbyte's schema refresh sees it.
///
/// A change is *breaking* when a selected stream is gone, or the top-level
/// field its cursor or primary key needs is gone: no behaviour can sync it as
/// configured. Everything else (streams added, columns added, removed or
/// retyped, unselected streams gone) is non-breaking, and the connection's
/// `nonBreakingChangesBehavior` decides.
struct SchemaChange: Sendable, Equatable {
    /// One stream's column changes.
    struct Columns: Sendable, Equatable {
        var added: [String] = []
        var removed: [String] = []
        var retyped: [String] = []
        var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }
    }

    var addedStreams: [StreamDescriptor] = []
    var removedStreams: [StreamDescriptor] = []
    var changedStreams: [StreamDescriptor: Columns] = [:]
    /// Why the change is breaking, one line per problem; empty when it is not.
    var breaking: [String] = []

    var isEmpty: Bool { addedStreams.isEmpty && removedStreams.isEmpty && changedStreams.isEmpty }

    /// Compares `old` with `new` for `connection`'s configured streams.
    init(from old: AirbyteCatalog, to new: AirbyteCatalog, connection: SavedConnection) {
        let newStreams = Dictionary(new.streams.map { ($0.streamDescriptor, $0) }) { first, _ in first }
        let oldStreams = Dictionary(old.streams.map { ($0.streamDescriptor, $0) }) { first, _ in first }
        addedStreams = new.streams.map(\.streamDescriptor).filter { oldStreams[$0] == nil }
        removedStreams = old.streams.map(\.streamDescriptor).filter { newStreams[$0] == nil }
        for stream in old.streams {
            guard let current = newStreams[stream.streamDescriptor] else { continue }
            let before = Self.properties(stream.jsonSchema)
            let after = Self.properties(current.jsonSchema)
            var columns = Columns()
            columns.added = after.keys.filter { before[$0] == nil }.sorted()
            columns.removed = before.keys.filter { after[$0] == nil }.sorted()
            columns.retyped = before.keys.filter { key in after[key].map { $0 != before[key] } ?? false }.sorted()
            if !columns.isEmpty { changedStreams[stream.streamDescriptor] = columns }
        }
        for configured in connection.selectedStreams {
            let descriptor = StreamDescriptor(name: configured.name, namespace: configured.namespace)
            guard let current = newStreams[descriptor] else {
                if oldStreams[descriptor] != nil { breaking.append("stream \(descriptor) is gone from the source") }
                continue
            }
            let fields = Self.properties(current.jsonSchema)
            let mode = configured.syncMode
            let cursor = mode.syncMode == .incremental && current.sourceDefinedCursor != true ? configured.cursorField : nil
            if let field = cursor?.first, fields[field] == nil {
                breaking.append("the cursor field \(field) of stream \(descriptor) is gone")
            }
            if mode.needsPrimaryKey {
                let key = configured.primaryKey ?? current.sourceDefinedPrimaryKey ?? []
                for field in key.compactMap(\.first) where fields[field] == nil {
                    breaking.append("the primary key field \(field) of stream \(descriptor) is gone")
                }
            }
        }
    }

    /// A line for the attempt's log and the connection's status reason.
    var summary: String {
        var parts: [String] = []
        if !addedStreams.isEmpty { parts.append("new streams \(addedStreams.map(\.description).joined(separator: ", "))") }
        if !removedStreams.isEmpty { parts.append("streams gone \(removedStreams.map(\.description).joined(separator: ", "))") }
        for (stream, columns) in changedStreams.sorted(by: { $0.key.description < $1.key.description }) {
            var words: [String] = []
            if !columns.added.isEmpty { words.append("added \(columns.added.joined(separator: ", "))") }
            if !columns.removed.isEmpty { words.append("removed \(columns.removed.joined(separator: ", "))") }
            if !columns.retyped.isEmpty { words.append("retyped \(columns.retyped.joined(separator: ", "))") }
            parts.append("\(stream): \(words.joined(separator: "; "))")
        }
        return parts.joined(separator: "; ")
    }

    /// The top-level properties of a stream's JSON schema.
    static func properties(_ schema: JSONObject) -> [String: JSONValue] {
        guard case .object(let object)? = schema["properties"] else { return [:] }
        return Dictionary(object.map { ($0.0, $0.1) }) { first, _ in first }
    }
}

/// A schema change the connection's behaviour does not sync through: the
/// attempt fails (`refresh_schema`, not retried) and the connection is disabled.
struct SchemaChangeRefused: Error, CustomStringConvertible {
    var description: String
}
