import AirbyteProtocol
import Foundation

/// How connection states map to rows of `connection_states`: a STREAM state
/// keyed by its stream, a GLOBAL or LEGACY state by the empty name (no stream
/// is named ""). Shared by both backends.
enum ConnectionStateRows {
    /// The key `(stream_name, stream_namespace)` of `state`.
    static func key(of state: AirbyteStateMessage) -> (name: String, namespace: String) {
        if state.effectiveType == .stream, let descriptor = state.stream?.streamDescriptor {
            return (descriptor.name, descriptor.namespace ?? "")
        }
        return ("", "")
    }

    /// The row for `state`.
    static func row(_ state: AirbyteStateMessage, connection: ConnectionID, now: Date) -> StoreRow {
        var state = state
        state.destinationStats = nil
        let key = key(of: state)
        return StoreRow(
            table: StoreTable.connectionStates.name,
            values: [
                "connection_id": StoreValue(connection), "stream_name": .text(key.name),
                "stream_namespace": .text(key.namespace), "state": .json(state.json), "updated_at": StoreValue(now),
            ])
    }

    /// Conditions for the rows `state` replaces.
    static func superseded(by state: AirbyteStateMessage, connection: ConnectionID) -> [[StoreQuery.Condition]] {
        let owner = StoreQuery.Condition.equals("connection_id", StoreValue(connection))
        guard state.effectiveType == .stream else { return [[owner]] }
        let key = key(of: state)
        return [
            [owner, .equals("stream_name", .text(key.name)), .equals("stream_namespace", .text(key.namespace))],
            [owner, .equals("stream_name", .text(""))],
        ]
    }

    /// The state a row holds.
    static func state(in row: StoreRow) throws -> AirbyteStateMessage {
        do {
            return try AirbyteStateMessage(json: try row.json("state"))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.corruptRow, message: "connection_states.state is not an Airbyte STATE message", underlying: error)
        }
    }

    /// What is left of `state` once `streams` are cleared: `nil` to delete it.
    static func clearing(_ streams: [StreamDescriptor], from state: AirbyteStateMessage) -> AirbyteStateMessage? {
        switch state.effectiveType {
        case .stream:
            guard let descriptor = state.stream?.streamDescriptor else { return nil }
            return streams.contains(descriptor) ? nil : state
        case .global:
            guard var global = state.global else { return nil }
            global.streamStates.removeAll { streams.contains($0.streamDescriptor) }
            if global.streamStates.isEmpty { return nil }
            var kept = state
            kept.global = global
            return kept
        default:
            return nil
        }
    }
}
