import AirbyteProtocol
package import Foundation
import GRDB

/// The job queue on SQLite: each operation is one IMMEDIATE transaction, so
/// it reads and changes the queue with no other writer in between.
extension SQLiteStore {
    static func job(_ id: JobID, in db: Database) throws -> Job? {
        let statement = try SQLBuilder.select(from: .jobs, StoreQuery([.equals("id", .integer(id.rawValue))]), dialect: .sqlite)
        return try rows(statement, table: "jobs", in: db).first.map(Job.init(row:))
    }

    static func attempt(_ job: JobID, _ number: Int, in db: Database) throws -> Attempt? {
        let statement = try SQLBuilder.select(
            from: .attempts,
            StoreQuery(
                [.equals("job_id", .integer(job.rawValue)), .equals("number", .integer(Int64(number)))]), dialect: .sqlite)
        return try rows(statement, table: "attempts", in: db).first.map(Attempt.init(row:))
    }

    static func save(_ job: Job, in db: Database) throws {
        try execute(SQLBuilder.update(try job.row(), in: .jobs, dialect: .sqlite), in: db)
    }

    static func save(_ attempt: Attempt, in db: Database) throws {
        try execute(SQLBuilder.upsert(try attempt.row(), into: .attempts, dialect: .sqlite), in: db)
    }

    package func latestJobCreation(types: [JobType]) async throws -> [ConnectionID: Date] {
        guard !types.isEmpty else { return [:] }
        let statement = SQLStatement(
            sql: JobTransitions.latestJobCreationSQL(placeholders: types.map { _ in "?" }),
            binds: types.map { .text($0.rawValue) })
        return try JobTransitions.latestJobCreation(try await read { db in try Self.rows(statement, table: "jobs", in: db) })
    }

    package func enqueueJob(_ request: JobRequest, now: Date) async throws -> EnqueuedJob {
        try await write { db in
            let waiting = try SQLBuilder.select(
                from: .jobs,
                StoreQuery(
                    [
                        .equals("connection_id", StoreValue(request.connectionID)), .equals("type", .text(request.type.rawValue)),
                        .isIn("status", [.text(JobStatus.pending.rawValue), .text(JobStatus.incomplete.rawValue)]),
                    ], limit: 1), dialect: .sqlite)
            if let existing = try Self.rows(waiting, table: "jobs", in: db).first.map(Job.init(row:)) {
                let job = JobTransitions.requestedAgain(existing, now: now)
                try Self.save(job, in: db)
                return EnqueuedJob(job: job, isNew: false)
            }
            var job = JobTransitions.newJob(request, now: now)
            var row = try job.row()
            row["id"] = .null
            try Self.execute(SQLBuilder.insert(row, into: .jobs, ifAbsent: false, dialect: .sqlite), in: db)
            job.id = JobID(db.lastInsertedRowID)
            return EnqueuedJob(job: job, isNew: true)
        }
    }

    package func claimJob(
        worker: String, leaseDuration: Duration, now: Date,
        logPath: @escaping @Sendable (JobID, Int) -> String?
    ) async throws -> ClaimedJob? {
        try await write { db -> ClaimedJob? in
            let sql = """
                SELECT \(StoreTable.jobs.columns.map { "j.\($0)" }.joined(separator: ", ")) FROM jobs j
                WHERE \(JobTransitions.dueJobCondition(now: "?")) ORDER BY j.id LIMIT 1
                """
            let statement = SQLStatement(sql: sql, binds: [StoreValue(now)])
            guard let job = try Self.rows(statement, table: "jobs", in: db).first.map(Job.init(row:)) else { return nil }
            let claimed = JobTransitions.claimed(
                job, worker: worker, leaseDuration: leaseDuration, now: now,
                logPath: logPath)
            try Self.save(claimed.job, in: db)
            try Self.save(claimed.attempt, in: db)
            return claimed
        }
    }

    package func renewLease(
        _ lease: LeaseToken, until: Date, streamStats: [StreamStats]?,
        now: Date
    ) async throws -> LeaseRenewal {
        try await write { db in
            guard var job = try Self.job(lease.jobID, in: db), JobTransitions.holds(lease, job) else {
                return LeaseRenewal(isHeld: false, cancelRequested: false)
            }
            job.lease?.expiresAt = until
            try Self.save(job, in: db)
            if let streamStats, var attempt = try Self.attempt(lease.jobID, lease.attemptNumber, in: db) {
                attempt.streamStats = streamStats
                attempt.updatedAt = now
                try Self.save(attempt, in: db)
            }
            return LeaseRenewal(isHeld: true, cancelRequested: job.cancelRequested)
        }
    }

    package func finishAttempt(
        _ lease: LeaseToken, outcome: AttemptOutcome, streamStats: [StreamStats],
        now: Date
    ) async throws -> Job {
        try await write { db in
            guard let job = try Self.job(lease.jobID, in: db), JobTransitions.holds(lease, job),
                let attempt = try Self.attempt(lease.jobID, lease.attemptNumber, in: db)
            else {
                throw JobTransitions.leaseLost(lease)
            }
            let (ended, endedAttempt) = JobTransitions.finished(job, attempt, outcome: outcome, streamStats: streamStats, now: now)
            try Self.save(ended, in: db)
            try Self.save(endedAttempt, in: db)
            return ended
        }
    }

    package func releaseLeases(_ which: LeaseRelease, now: Date) async throws -> [Job] {
        try await write { db in
            var conditions: [StoreQuery.Condition] = [.equals("status", .text(JobStatus.running.rawValue))]
            switch which {
            case .expired: conditions.append(.below("lease_expires_at", StoreValue(now)))
            case .ownedBy(let owners): conditions.append(.isIn("lease_owner", owners.map { .text($0) }))
            }
            let statement = try SQLBuilder.select(from: .jobs, StoreQuery(conditions, order: [("id", true)]), dialect: .sqlite)
            var released: [Job] = []
            for job in try Self.rows(statement, table: "jobs", in: db).map(Job.init(row:)) {
                let attempt = try Self.attempt(job.id, job.attemptCount - 1, in: db)
                let (ended, endedAttempt) = JobTransitions.released(job, attempt, now: now)
                try Self.save(ended, in: db)
                if let endedAttempt { try Self.save(endedAttempt, in: db) }
                released.append(ended)
            }
            return released
        }
    }

    package func requestCancellation(of id: JobID, now: Date) async throws -> Job? {
        try await write { db in
            guard let job = try Self.job(id, in: db) else { return nil }
            let changed = JobTransitions.cancelRequested(job, now: now)
            if changed != job { try Self.save(changed, in: db) }
            return changed
        }
    }
}
