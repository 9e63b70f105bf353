package import AirbyteProtocol
package import Foundation
import PostgresNIO

extension PostgresStore {
    package func connectionStates(_ connection: ConnectionID) async throws -> [AirbyteStateMessage] {
        let statement = try SQLBuilder.select(
            from: .connectionStates,
            StoreQuery(
                [.equals("connection_id", StoreValue(connection))], order: [("stream_name", true), ("stream_namespace", true)]),
            dialect: .postgres)
        return try await run { connection, logger in
            try await Self.rows(statement, table: "connection_states", on: connection, logger: logger)
        }.map(ConnectionStateRows.state(in:))
    }

    package func saveConnectionState(
        _ state: AirbyteStateMessage, for connection: ConnectionID, lease: LeaseToken?,
        now: Date
    ) async throws {
        let row = ConnectionStateRows.row(state, connection: connection, now: now)
        let deletions = try ConnectionStateRows.superseded(by: state, connection: connection).map {
            try SQLBuilder.delete(from: .connectionStates, $0, dialect: .postgres)
        }
        let upsert = SQLBuilder.upsert(row, into: .connectionStates, dialect: .postgres)
        try await transaction { db, logger in
            if let lease {
                // FOR SHARE: a worker taking the job over (an UPDATE of this row) waits until this state is saved.
                guard let job = try await Self.job(lease.jobID, lock: "FOR SHARE", on: db, logger: logger),
                    JobTransitions.holds(lease, job)
                else {
                    throw JobTransitions.leaseLost(lease)
                }
            }
            for deletion in deletions { try await Self.execute(deletion, on: db, logger: logger) }
            try await Self.execute(upsert, on: db, logger: logger)
        }
    }

    package func clearConnectionStates(_ connection: ConnectionID, streams: [StreamDescriptor]?) async throws {
        let owner = StoreQuery.Condition.equals("connection_id", StoreValue(connection))
        var all = try SQLBuilder.select(from: .connectionStates, StoreQuery([owner]), dialect: .postgres)
        all.sql += " FOR UPDATE"
        let deleteAll = try SQLBuilder.delete(from: .connectionStates, [owner], dialect: .postgres)
        try await transaction { db, logger in
            let rows = try await Self.rows(all, table: "connection_states", on: db, logger: logger)
            try await Self.execute(deleteAll, on: db, logger: logger)
            guard let streams else { return }
            for row in rows {
                guard let kept = ConnectionStateRows.clearing(streams, from: try ConnectionStateRows.state(in: row)) else { continue }
                var keptRow = ConnectionStateRows.row(kept, connection: connection, now: try row.date("updated_at"))
                keptRow["updated_at"] = row["updated_at"]
                try await Self.execute(
                    SQLBuilder.insert(keptRow, into: .connectionStates, ifAbsent: false, dialect: .postgres),
                    on: db, logger: logger)
            }
        }
    }
}
