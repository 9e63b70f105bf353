import AirbyteProtocol

/// Where a saved state is kept, and so what saving it replaces: one stream's
/// state (by name *and* namespace), or the source's single GLOBAL or LEGACY
/// state, which PyAirbyte keeps under the stream names `_GLOBAL` / `_LEGACY`.
enum StateSlot: Hashable {
    case stream(StreamDescriptor)
    case global
    case legacy

    /// The `stream_name` it is stored under.
    var storedName: String {
        switch self {
        case .stream(let stream): stream.name
        case .global: CacheBookkeeping.globalStreamName
        case .legacy: CacheBookkeeping.legacyStreamName
        }
    }

    /// The `stream_namespace` it is stored under; `nil` for none.
    var storedNamespace: String? {
        if case .stream(let stream) = self { return stream.effectiveNamespace }
        return nil
    }

    /// Whether saving a state in this slot replaces the state in `other`: a
    /// stream's replaces its own and the shared ones; a shared one replaces all.
    func supersedes(_ other: StateSlot) -> Bool {
        switch self {
        case .stream: other == self || other == .global || other == .legacy
        case .global, .legacy: true
        }
    }
}

extension AirbyteStateMessage {
    /// The slot this state is kept in.
    var slot: StateSlot {
        switch effectiveType {
        case .stream: .stream(stream?.streamDescriptor ?? StreamDescriptor(name: ""))
        case .global: .global
        default: .legacy
        }
    }
}
