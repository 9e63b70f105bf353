public import AirbyteProtocol

/// Where a sync's streams land in the destination when not under the source's
/// own names: the platform's namespace definition and stream prefix, as
/// Airbyte's replication worker applies them.
///
/// The source reads the catalog under its names; the destination gets the
/// catalog, records, states and stream statuses under the new names; the
/// states the destination acknowledges are turned back into the source's
/// names before they are saved, so the next sync resumes from them.
///
/// ```swift
/// let renaming = StreamRenaming([StreamDescriptor(name: "users"): StreamDescriptor(name: "app_users", namespace: "crm")])
/// try await source.sync(to: destination, catalog: catalog, states: store, renaming: renaming)
/// ```
public struct StreamRenaming: Sendable, Hashable {
    /// The destination's name of each renamed stream, by the source's.
    public private(set) var destinationNames: [StreamDescriptor: StreamDescriptor]
    private var sourceNames: [StreamDescriptor: StreamDescriptor]

    /// Renames each key stream to its value; streams not named keep their names.
    /// Two source streams may not land on one destination stream (the later one wins on the way back).
    public init(_ destinationNames: [StreamDescriptor: StreamDescriptor] = [:]) {
        self.destinationNames = destinationNames.filter { $0.key != $0.value }
        sourceNames = Dictionary(self.destinationNames.map { ($0.value, $0.key) }) { _, last in last }
    }

    /// Whether no stream is renamed.
    public var isEmpty: Bool { destinationNames.isEmpty }

    /// The destination's name of `stream`.
    public func destinationName(of stream: StreamDescriptor) -> StreamDescriptor { destinationNames[stream] ?? stream }

    /// The source's name of the destination's `stream`.
    public func sourceName(of stream: StreamDescriptor) -> StreamDescriptor { sourceNames[stream] ?? stream }

    /// The catalog as the destination gets it.
    public func destinationCatalog(_ catalog: ConfiguredAirbyteCatalog) -> ConfiguredAirbyteCatalog {
        guard !isEmpty else { return catalog }
        var renamed = catalog
        for index in renamed.streams.indices {
            let name = destinationName(of: renamed.streams[index].streamDescriptor)
            renamed.streams[index].stream.name = name.name
            renamed.streams[index].stream.namespace = name.namespace
        }
        return renamed
    }

    /// A STATE, stream status or record as the destination gets it (other messages unchanged).
    public func toDestination(_ message: AirbyteMessage) -> AirbyteMessage {
        rename(message, with: destinationName(of:))
    }

    /// A state the destination acknowledged, under the source's names.
    public func toSource(_ state: AirbyteStateMessage) -> AirbyteStateMessage {
        rename(state, with: sourceName(of:))
    }

    /// A scanned RECORD line as the destination gets it; nil when its stream keeps its name.
    /// `data` and `meta` are copied as they are, not parsed.
    func destinationLine(of record: ScannedRecord) -> [UInt8]? {
        guard let name = destinationNames[record.streamDescriptor] else { return nil }
        var line = Array(#"{"type":"RECORD","record":{"stream":"#.utf8)
        line += JSONValue.string(name.name).jsonText.utf8
        if let namespace = name.namespace {
            line += #","namespace":"#.utf8
            line += JSONValue.string(namespace).jsonText.utf8
        }
        line += #","emitted_at":\#(record.emittedAt),"data":"#.utf8
        record.data.withUnsafeBytes { line.append(contentsOf: $0) }
        if let meta = record.meta {
            line += #","meta":"#.utf8
            meta.withUnsafeBytes { line.append(contentsOf: $0) }
        }
        line += "}}".utf8
        return line
    }

    private func rename(_ message: AirbyteMessage, with name: (StreamDescriptor) -> StreamDescriptor) -> AirbyteMessage {
        var message = message
        switch message.payload {
        case .state(let state): message.payload = .state(rename(state, with: name))
        case .trace(var trace):
            guard let status = trace.streamStatus else { return message }
            trace.streamStatus?.streamDescriptor = name(status.streamDescriptor)
            message.payload = .trace(trace)
        case .record(var record):
            let renamed = name(StreamDescriptor(name: record.stream, namespace: record.namespace))
            record.stream = renamed.name
            record.namespace = renamed.namespace
            message.payload = .record(record)
        default: break
        }
        return message
    }

    private func rename(_ state: AirbyteStateMessage, with name: (StreamDescriptor) -> StreamDescriptor) -> AirbyteStateMessage {
        guard !isEmpty else { return state }
        var state = state
        if let stream = state.stream { state.stream?.streamDescriptor = name(stream.streamDescriptor) }
        if let global = state.global {
            state.global?.streamStates = global.streamStates.map {
                var streamState = $0
                streamState.streamDescriptor = name($0.streamDescriptor)
                return streamState
            }
        }
        return state
    }
}
