import AirbyteProtocol
import Foundation
import PlatformStore

/// The streams editor: per stream, whether it syncs, its sync mode (only those
/// the source and the destination support), its cursor (when the source does
/// not decide it) and its primary key. Fields are `s/N/…`, N the stream's row.
struct StreamsEditorView {
    struct Option {
        var value: String
        var label: String
        var selected: Bool
    }

    struct Row {
        var index: Int
        var label: String
        var name: String
        var namespace: String
        var selected: Bool
        var modes: [Option]
        var hasCursorChoice: Bool
        var cursorOptions: [Option]
        var cursorNote: String?
        var primaryKey: String
        var keyIsSourceDefined: Bool
    }

    var rows: [Row]
    var hasRows: Bool

    /// The editor for `streams` configured from `catalog`, writing with `destinationModes` (`nil`: any).
    init(streams: [ConfiguredStream], catalog: AirbyteCatalog?, destinationModes: [DestinationSyncMode]?) {
        let known = Dictionary((catalog?.streams ?? []).map { ($0.streamDescriptor, $0) }, uniquingKeysWith: { first, _ in first })
        rows = streams.enumerated().map { index, configured in
            let stream = known[StreamDescriptor(name: configured.name, namespace: configured.namespace)]
            let supported = stream?.supportedSyncModes ?? [.fullRefresh]
            let modes = Self.modeOrder.filter { mode in
                (supported.contains(mode.syncMode) && (destinationModes?.contains(mode.destinationSyncMode) ?? true))
                    || mode == configured.syncMode
            }
            let fields = stream.map { Array(($0.jsonSchema["properties"]?.objectValue ?? JSONObject()).keys) } ?? []
            let sourceCursor = stream?.sourceDefinedCursor == true
            let cursor = configured.cursorField ?? stream?.defaultCursorField ?? []
            let sourceKey = (stream?.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty }
            let key = (configured.primaryKey ?? sourceKey).filter { !$0.isEmpty }
            return Row(
                index: index, label: configured.namespace.map { "\($0).\(configured.name)" } ?? configured.name,
                name: configured.name, namespace: configured.namespace ?? "", selected: configured.selected,
                modes: modes.map { Option(value: $0.rawValue, label: $0.label, selected: $0 == configured.syncMode) },
                hasCursorChoice: !sourceCursor && supported.contains(.incremental) && !fields.isEmpty,
                cursorOptions: [Option(value: "", label: "—", selected: cursor.isEmpty)]
                    + fields.map { Option(value: $0, label: $0, selected: cursor == [$0]) },
                cursorNote: sourceCursor
                    ? "source-defined" + (cursor.isEmpty ? "" : ": \(cursor.joined(separator: "."))")
                    : (supported.contains(.incremental) ? nil : "full refresh only"),
                primaryKey: key.map { $0.joined(separator: ".") }.joined(separator: ", "),
                keyIsSourceDefined: !sourceKey.isEmpty && configured.primaryKey == nil)
        }
        hasRows = !rows.isEmpty
    }

    /// Modes in the order a person reads them: the usual four first.
    static let modeOrder: [ConnectionSyncMode] = [
        .incrementalDedupedHistory, .incrementalAppend, .fullRefreshOverwrite, .fullRefreshAppend,
        .fullRefreshOverwriteDeduped, .incrementalUpdate, .fullRefreshUpdate, .incrementalSoftDelete, .fullRefreshSoftDelete,
    ]

    /// The streams a posted editor describes, in its rows' order, and what could not be read.
    static func streams(from form: FormData, previous: [ConfiguredStream]) -> (streams: [ConfiguredStream], problems: [String]) {
        var streams: [ConfiguredStream] = []
        var problems: [String] = []
        var index = 0
        while let name = form["s/\(index)/name"] {
            let namespace = form["s/\(index)/namespace"].flatMap { $0.isEmpty ? nil : $0 }
            let before = previous.first { $0.name == name && $0.namespace == namespace }
            let label = namespace.map { "\($0).\(name)" } ?? name
            guard let mode = ConnectionSyncMode(rawValue: form["s/\(index)/mode"] ?? "") else {
                problems.append("stream \(label): pick a sync mode")
                index += 1
                continue
            }
            var stream = ConfiguredStream(
                name: name, namespace: namespace, selected: form["s/\(index)/selected"] == "true",
                syncMode: mode, destinationObjectName: before?.destinationObjectName)
            if form.contains("s/\(index)/cursor") {
                stream.cursorField = form.trimmed("s/\(index)/cursor").map { [$0] }
            } else {
                stream.cursorField = before?.cursorField
            }
            if form.contains("s/\(index)/pk") {
                let key = (form["s/\(index)/pk"] ?? "").split(separator: ",")
                    .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                    .map { $0.split(separator: ".").map(String.init) }
                stream.primaryKey = key.isEmpty ? nil : key
            } else {
                stream.primaryKey = before?.primaryKey
            }
            streams.append(stream)
            index += 1
        }
        return (streams, problems)
    }
}
