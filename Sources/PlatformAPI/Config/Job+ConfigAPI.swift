import AirbyteProtocol
import Foundation
import PlatformStore

extension JobType {
    /// The configuration API's `JobConfigType`.
    var configType: String {
        switch self {
        case .sync: "sync"
        case .reset: "reset_connection"
        case .refresh: "refresh"
        case .clear: "clear"
        }
    }

    /// The job type a `JobConfigType` names; `nil` for the kinds Swiftbyte has no jobs of (`check_connection_source`, …).
    init?(configType: String) {
        switch configType.lowercased() {
        case "sync": self = .sync
        case "reset_connection", "reset": self = .reset
        case "refresh": self = .refresh
        case "clear": self = .clear
        default: return nil
        }
    }
}

extension StreamStats {
    /// The configuration API's `AttemptStats` (and `JobAggregatedStats`).
    var configAPI: JSONValue {
        [
            "recordsEmitted": .number(String(recordsEmitted)), "bytesEmitted": .number(String(bytesEmitted)),
            "recordsCommitted": .number(String(recordsCommitted)), "bytesCommitted": .number(String(bytesCommitted)),
            "recordsRejected": 0,
        ]
    }
}

extension Job {
    /// The configuration API's `JobRead`; times in epoch seconds, as Airbyte's.
    func configAPI(attempts: [Attempt]) -> JSONValue {
        var object: JSONObject = [
            "id": .number(String(id.rawValue)), "configType": .string(type.configType),
            "configId": .string(connectionID.description),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
            "updatedAt": .number(String(APIDates.epochSeconds(updatedAt))),
        ]
        if let startedAt { object["startedAt"] = .number(String(APIDates.epochSeconds(startedAt))) }
        object["status"] = .string(status.rawValue)
        if let streams {
            let descriptors = JSONValue.array(streams.map(\.configAPI))
            object["enabledStreams"] = descriptors
            if type.clearsData { object["resetConfig"] = ["streamsToReset": descriptors] }
        }
        object["aggregatedStats"] = Self.totals(of: attempts).configAPI
        var byStream: [StreamDescriptor: StreamStats] = [:]
        var order: [StreamDescriptor] = []
        for stats in attempts.flatMap(\.streamStats) {
            let descriptor = StreamDescriptor(name: stats.name, namespace: stats.namespace)
            if byStream[descriptor] == nil { order.append(descriptor) }
            byStream[descriptor] = StreamStats.total(of: [byStream[descriptor] ?? StreamStats(name: stats.name), stats])
        }
        object["streamAggregatedStats"] = .array(
            order.map { descriptor in
                var stream: JSONObject = ["streamName": .string(descriptor.name)]
                if let namespace = descriptor.namespace { stream["streamNamespace"] = .string(namespace) }
                if let stats = byStream[descriptor] {
                    stream["recordsEmitted"] = .number(String(stats.recordsEmitted))
                    stream["bytesEmitted"] = .number(String(stats.bytesEmitted))
                    stream["recordsCommitted"] = .number(String(stats.recordsCommitted))
                    stream["bytesCommitted"] = .number(String(stats.bytesCommitted))
                }
                return .object(stream)
            })
        return .object(object)
    }
}

extension Attempt {
    /// The configuration API's `AttemptRead`.
    var configAPI: JSONValue {
        var object: JSONObject = [
            "id": .number(String(number)), "status": .string(status.rawValue),
            "createdAt": .number(String(APIDates.epochSeconds(createdAt))),
            "updatedAt": .number(String(APIDates.epochSeconds(updatedAt))),
        ]
        if let endedAt { object["endedAt"] = .number(String(APIDates.epochSeconds(endedAt))) }
        object["bytesSynced"] = .number(String(totals.bytesCommitted))
        object["recordsSynced"] = .number(String(totals.recordsCommitted))
        object["totalStats"] = totals.configAPI
        object["streamStats"] = .array(
            streamStats.map { stats in
                var stream: JSONObject = ["streamName": .string(stats.name)]
                if let namespace = stats.namespace { stream["streamNamespace"] = .string(namespace) }
                stream["stats"] = stats.configAPI
                return .object(stream)
            })
        if let failure {
            object["failureSummary"] = ["failures": [failure.configAPI], "partialSuccess": .bool(totals.recordsCommitted > 0)]
        }
        return .object(object)
    }
}

extension FailureReason {
    /// The configuration API's `FailureReason`; `timestamp` in epoch milliseconds, as Airbyte's.
    var configAPI: JSONValue {
        var object: JSONObject = [
            "failureOrigin": .string(origin.rawValue), "failureType": .string(type.rawValue),
            "externalMessage": .string(message),
        ]
        if let internalMessage { object["internalMessage"] = .string(internalMessage) }
        object["retryable"] = .bool(retryable)
        object["timestamp"] = .number(String(APIDates.epochMilliseconds(timestamp)))
        if let streamName {
            object["streamDescriptor"] = StreamDescriptor(name: streamName, namespace: streamNamespace).configAPI
        }
        return .object(object)
    }
}

extension StreamDescriptor {
    /// The configuration API's `StreamDescriptor`.
    var configAPI: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        if let namespace { object["namespace"] = .string(namespace) }
        return .object(object)
    }
}
