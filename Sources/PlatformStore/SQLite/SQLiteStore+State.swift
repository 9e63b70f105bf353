package import AirbyteProtocol
package import Foundation
import GRDB

extension SQLiteStore {
    package func connectionStates(_ connection: ConnectionID) async throws -> [AirbyteStateMessage] {
        let statement = try SQLBuilder.select(
            from: .connectionStates,
            StoreQuery(
                [.equals("connection_id", StoreValue(connection))], order: [("stream_name", true), ("stream_namespace", true)]),
            dialect: .sqlite)
        return try await read { db in try Self.rows(statement, table: "connection_states", in: db) }
            .map(ConnectionStateRows.state(in:))
    }

    package func saveConnectionState(
        _ state: AirbyteStateMessage, for connection: ConnectionID, lease: LeaseToken?,
        now: Date
    ) async throws {
        let row = ConnectionStateRows.row(state, connection: connection, now: now)
        let deletions = try ConnectionStateRows.superseded(by: state, connection: connection).map {
            try SQLBuilder.delete(from: .connectionStates, $0, dialect: .sqlite)
        }
        try await write { db in
            if let lease {
                guard let job = try Self.job(lease.jobID, in: db), JobTransitions.holds(lease, job) else {
                    throw JobTransitions.leaseLost(lease)
                }
            }
            for deletion in deletions { try Self.execute(deletion, in: db) }
            try Self.execute(SQLBuilder.insert(row, into: .connectionStates, ifAbsent: false, dialect: .sqlite), in: db)
        }
    }

    package func clearConnectionStates(_ connection: ConnectionID, streams: [StreamDescriptor]?) async throws {
        let owner = StoreQuery.Condition.equals("connection_id", StoreValue(connection))
        let all = try SQLBuilder.select(from: .connectionStates, StoreQuery([owner]), dialect: .sqlite)
        let deleteAll = try SQLBuilder.delete(from: .connectionStates, [owner], dialect: .sqlite)
        try await write { db in
            let rows = try Self.rows(all, table: "connection_states", in: db)
            try Self.execute(deleteAll, in: db)
            guard let streams else { return }
            for row in rows {
                guard let kept = ConnectionStateRows.clearing(streams, from: try ConnectionStateRows.state(in: row)) else { continue }
                var keptRow = ConnectionStateRows.row(kept, connection: connection, now: try row.date("updated_at"))
                keptRow["updated_at"] = row["updated_at"]
                try Self.execute(SQLBuilder.insert(keptRow, into: .connectionStates, ifAbsent: false, dialect: .sqlite), in: db)
            }
        }
    }
}
