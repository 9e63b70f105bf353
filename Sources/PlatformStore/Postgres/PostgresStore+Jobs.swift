import AirbyteProtocol
package import Foundation
import Logging
import PostgresNIO

/// The job queue on PostgreSQL: claims skip rows other claimers hold (`FOR
/// UPDATE SKIP LOCKED`); every other change locks the job's row first.
extension PostgresStore {
    static func job(_ id: JobID, lock: String, on connection: PostgresConnection, logger: Logger) async throws -> Job? {
        var statement = try SQLBuilder.select(from: .jobs, StoreQuery([.equals("id", .integer(id.rawValue))]), dialect: .postgres)
        statement.sql += " \(lock)"
        return try await rows(statement, table: "jobs", on: connection, logger: logger).first.map(Job.init(row:))
    }

    static func attempt(_ job: JobID, _ number: Int, on connection: PostgresConnection, logger: Logger) async throws -> Attempt? {
        let statement = try SQLBuilder.select(
            from: .attempts,
            StoreQuery(
                [.equals("job_id", .integer(job.rawValue)), .equals("number", .integer(Int64(number)))]), dialect: .postgres)
        return try await rows(statement, table: "attempts", on: connection, logger: logger).first.map(Attempt.init(row:))
    }

    static func save(_ job: Job, on connection: PostgresConnection, logger: Logger) async throws {
        try await execute(SQLBuilder.update(try job.row(), in: .jobs, dialect: .postgres), on: connection, logger: logger)
    }

    static func save(_ attempt: Attempt, on connection: PostgresConnection, logger: Logger) async throws {
        try await execute(SQLBuilder.upsert(try attempt.row(), into: .attempts, dialect: .postgres), on: connection, logger: logger)
    }

    package func latestJobCreation(types: [JobType]) async throws -> [ConnectionID: Date] {
        guard !types.isEmpty else { return [:] }
        let statement = SQLStatement(
            sql: JobTransitions.latestJobCreationSQL(placeholders: types.indices.map { "$\($0 + 1)" }),
            binds: types.map { .text($0.rawValue) })
        return try JobTransitions.latestJobCreation(
            try await run { connection, logger in
                try await Self.rows(statement, table: "jobs", on: connection, logger: logger)
            })
    }

    package func enqueueJob(_ request: JobRequest, now: Date) async throws -> EnqueuedJob {
        // Two processes queueing the same job at once: the loser's insert breaks
        // the one-waiting-job index, and its second try finds the winner's job.
        var tries = 0
        while true {
            tries += 1
            do {
                return try await enqueueOnce(request, now: now)
            } catch let error as StoreError where error.code == .conflict && tries < 3 {
                continue
            }
        }
    }

    private func enqueueOnce(_ request: JobRequest, now: Date) async throws -> EnqueuedJob {
        try await transaction { connection, logger in
            var waiting = try SQLBuilder.select(
                from: .jobs,
                StoreQuery(
                    [
                        .equals("connection_id", StoreValue(request.connectionID)), .equals("type", .text(request.type.rawValue)),
                        .isIn("status", [.text(JobStatus.pending.rawValue), .text(JobStatus.incomplete.rawValue)]),
                    ], limit: 1), dialect: .postgres)
            waiting.sql += " FOR UPDATE"
            if let existing = try await Self.rows(waiting, table: "jobs", on: connection, logger: logger).first.map(Job.init(row:)) {
                let job = JobTransitions.requestedAgain(existing, now: now)
                try await Self.save(job, on: connection, logger: logger)
                return EnqueuedJob(job: job, isNew: false)
            }
            var job = JobTransitions.newJob(request, now: now)
            var row = try job.row()
            row["id"] = .null
            let columns = StoreTable.jobs.columns.filter { $0 != "id" }
            var builder = SQLBuilder(.postgres)
            let placeholders = columns.map { builder.bind(row[$0]) }
            let insert = builder.statement(
                """
                INSERT INTO jobs (\(columns.joined(separator: ", "))) VALUES (\(placeholders.joined(separator: ", "))) RETURNING id
                """)
            let inserted = try await Self.rows(insert, table: "jobs", on: connection, logger: logger)
            job.id = JobID(try inserted.first?.integer("id") ?? 0)
            return EnqueuedJob(job: job, isNew: true)
        }
    }

    package func claimJob(
        worker: String, leaseDuration: Duration, now: Date,
        logPath: @escaping @Sendable (JobID, Int) -> String?
    ) async throws -> ClaimedJob? {
        do {
            return try await transaction { connection, logger -> ClaimedJob? in
                let sql = """
                    SELECT \(StoreTable.jobs.columns.map { "j.\($0)" }.joined(separator: ", ")) FROM jobs j
                    WHERE \(JobTransitions.dueJobCondition(now: "$1")) ORDER BY j.id LIMIT 1 FOR UPDATE OF j SKIP LOCKED
                    """
                let statement = SQLStatement(sql: sql, binds: [StoreValue(now)])
                guard
                    let job = try await Self.rows(statement, table: "jobs", on: connection, logger: logger)
                        .first.map(Job.init(row:))
                else { return nil }
                let claimed = JobTransitions.claimed(
                    job, worker: worker, leaseDuration: leaseDuration, now: now,
                    logPath: logPath)
                try await Self.save(claimed.job, on: connection, logger: logger)
                try await Self.save(claimed.attempt, on: connection, logger: logger)
                return claimed
            }
        } catch let error as StoreError where error.code == .conflict {
            // Another worker started a job of the same connection in the same
            // instant (the one-running-job index refused ours): nothing to claim now.
            return nil
        }
    }

    package func renewLease(
        _ lease: LeaseToken, until: Date, streamStats: [StreamStats]?,
        now: Date
    ) async throws -> LeaseRenewal {
        try await transaction { connection, logger in
            guard var job = try await Self.job(lease.jobID, lock: "FOR UPDATE", on: connection, logger: logger),
                JobTransitions.holds(lease, job)
            else {
                return LeaseRenewal(isHeld: false, cancelRequested: false)
            }
            job.lease?.expiresAt = until
            try await Self.save(job, on: connection, logger: logger)
            if let streamStats, var attempt = try await Self.attempt(lease.jobID, lease.attemptNumber, on: connection, logger: logger) {
                attempt.streamStats = streamStats
                attempt.updatedAt = now
                try await Self.save(attempt, on: connection, logger: logger)
            }
            return LeaseRenewal(isHeld: true, cancelRequested: job.cancelRequested)
        }
    }

    package func finishAttempt(
        _ lease: LeaseToken, outcome: AttemptOutcome, streamStats: [StreamStats],
        now: Date
    ) async throws -> Job {
        try await transaction { connection, logger in
            guard let job = try await Self.job(lease.jobID, lock: "FOR UPDATE", on: connection, logger: logger),
                JobTransitions.holds(lease, job),
                let attempt = try await Self.attempt(lease.jobID, lease.attemptNumber, on: connection, logger: logger)
            else {
                throw JobTransitions.leaseLost(lease)
            }
            let (ended, endedAttempt) = JobTransitions.finished(job, attempt, outcome: outcome, streamStats: streamStats, now: now)
            try await Self.save(ended, on: connection, logger: logger)
            try await Self.save(endedAttempt, on: connection, logger: logger)
            return ended
        }
    }

    package func releaseLeases(_ which: LeaseRelease, now: Date) async throws -> [Job] {
        try await transaction { connection, logger in
            var conditions: [StoreQuery.Condition] = [.equals("status", .text(JobStatus.running.rawValue))]
            switch which {
            case .expired: conditions.append(.below("lease_expires_at", StoreValue(now)))
            case .ownedBy(let owners): conditions.append(.isIn("lease_owner", owners.map { .text($0) }))
            }
            var statement = try SQLBuilder.select(from: .jobs, StoreQuery(conditions, order: [("id", true)]), dialect: .postgres)
            statement.sql += " FOR UPDATE SKIP LOCKED"
            var released: [Job] = []
            for job in try await Self.rows(statement, table: "jobs", on: connection, logger: logger).map(Job.init(row:)) {
                let attempt = try await Self.attempt(job.id, job.attemptCount - 1, on: connection, logger: logger)
                let (ended, endedAttempt) = JobTransitions.released(job, attempt, now: now)
                try await Self.save(ended, on: connection, logger: logger)
                if let endedAttempt { try await Self.save(endedAttempt, on: connection, logger: logger) }
                released.append(ended)
            }
            return released
        }
    }

    package func requestCancellation(of id: JobID, now: Date) async throws -> Job? {
        try await transaction { connection, logger in
            guard let job = try await Self.job(id, lock: "FOR UPDATE", on: connection, logger: logger) else { return nil }
            let changed = JobTransitions.cancelRequested(job, now: now)
            if changed != job { try await Self.save(changed, on: connection, logger: logger) }
            return changed
        }
    }
}
