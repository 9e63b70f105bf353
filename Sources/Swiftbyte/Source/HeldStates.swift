import AirbyteProtocol
import DestinationKit

/// The acknowledged states of overwrite streams, held back until the stream's
/// table is replaced.
///
/// An overwrite writes into a table aside, so its states describe rows that are
/// not in the stream's table until the stream completes. Saving them earlier
/// would let an interrupted full refresh move the stream's cursor past rows the
/// table never got (the next incremental read would skip them). A GLOBAL or
/// LEGACY state covers every stream, so it is held when any stream overwrites.
final class HeldStates {
    private let overwriteStreams: Set<StreamDescriptor>
    /// The last held state of each overwrite stream; `nil` key for GLOBAL/LEGACY.
    private var held: [StreamDescriptor?: AirbyteStateMessage] = [:]

    init(_ catalog: ConfiguredAirbyteCatalog) {
        overwriteStreams = catalog.overwriteStreams
    }

    /// Holds `state` when it must wait for a completed overwrite; `false` when it can be saved now.
    func hold(_ state: AirbyteStateMessage) -> Bool {
        guard !overwriteStreams.isEmpty else { return false }
        if state.effectiveType == .stream {
            guard let stream = state.stream?.streamDescriptor, overwriteStreams.contains(stream) else { return false }
            held[stream] = state
        } else {
            held[nil] = state
        }
        return true
    }

    /// The held states that may be saved now that the streams `completed`
    /// have their tables replaced: each completed stream's last state, and the
    /// last shared state when every overwrite stream completed.
    func releasable(completed: Set<StreamDescriptor>) -> [AirbyteStateMessage] {
        var states: [AirbyteStateMessage] = []
        for stream in overwriteStreams.sorted(by: { $0.description < $1.description }) where completed.contains(stream) {
            if let state = held[stream] { states.append(state) }
        }
        if let shared = held[nil], overwriteStreams.isSubset(of: completed) { states.append(shared) }
        return states
    }
}
