import AirbyteProtocol
import PlatformStore

/// The configuration API's `ConnectionState`: what a connection's next sync resumes from.
enum ConnectionStateAPI {
    /// `{stateType, connectionId, ...}` from the states the store holds: `not_set`
    /// when there are none, `global` (`globalState`), `stream` (`streamState`, one
    /// per stream) or `legacy` (`state`).
    static func json(_ states: [AirbyteStateMessage], connection: ConnectionID) -> JSONValue {
        var object: JSONObject = ["connectionId": .string(connection.description)]
        if let global = states.first(where: { $0.effectiveType == .global })?.global {
            object["stateType"] = "global"
            var state: JSONObject = [:]
            if let shared = global.sharedState { state["shared_state"] = shared }
            state["streamStates"] = .array(global.streamStates.map(streamState))
            object["globalState"] = .object(state)
        } else if states.contains(where: { $0.effectiveType == .stream }) {
            object["stateType"] = "stream"
            object["streamState"] = .array(states.compactMap(\.stream).map(streamState))
        } else if let legacy = states.first(where: { $0.effectiveType == .legacy }) {
            object["stateType"] = "legacy"
            object["state"] = legacy.data ?? .null
        } else {
            object["stateType"] = "not_set"
        }
        return .object(object)
    }

    private static func streamState(_ state: AirbyteStreamState) -> JSONValue {
        var object: JSONObject = ["streamDescriptor": state.streamDescriptor.configAPI]
        if let value = state.streamState { object["streamState"] = value }
        return .object(object)
    }
}
