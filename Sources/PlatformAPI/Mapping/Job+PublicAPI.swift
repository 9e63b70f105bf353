import AirbyteProtocol
import Foundation
import PlatformStore

extension Job {
    /// Records and bytes of every attempt added up: Airbyte's `aggregatedStats`
    /// (a retried attempt resumes from the last committed state, so each
    /// attempt's committed records are new rows).
    static func totals(of attempts: [Attempt]) -> StreamStats {
        StreamStats.total(of: attempts.map(\.totals))
    }

    /// Airbyte's `JobResponse`: `startTime` is when the job was created,
    /// `duration` runs from then to its last change (absent while pending),
    /// `lastUpdatedAt` is there once it ended, `rowsSynced` and `bytesSynced`
    /// are what the destination committed.
    func publicAPI(attempts: [Attempt]) -> JSONValue {
        var object: JSONObject = [
            "jobId": .number(String(id.rawValue)), "status": .string(status.rawValue), "jobType": .string(type.rawValue),
            "startTime": .string(APIDates.iso8601(createdAt)), "connectionId": .string(connectionID.description),
        ]
        if status.isTerminal { object["lastUpdatedAt"] = .string(APIDates.iso8601(updatedAt)) }
        if status != .pending {
            object["duration"] = .string(APIDates.duration(seconds: Int64(updatedAt.timeIntervalSince(createdAt))))
        }
        let totals = Self.totals(of: attempts)
        object["bytesSynced"] = .number(String(totals.bytesCommitted))
        object["rowsSynced"] = .number(String(totals.recordsCommitted))
        return .object(object)
    }
}
