package import AirbyteProtocol
package import Foundation

/// The platform's metadata store: workspaces, definitions, sources,
/// destinations, connections, cached catalogs, jobs and their attempts,
/// connection state, API applications — and the job queue.
///
/// Two implementations share this protocol and one test suite:
/// ``SQLiteStore`` (GRDB, WAL; the default, `.swiftbyte/platform.sqlite`) and
/// ``PostgresStore`` (postgres-nio; several server processes share one queue).
/// Open one with ``openPlatformStore(database:folder:logger:)``; it is migrated
/// to the current schema before it is returned.
///
/// Call the typed methods (``source(_:)``, ``insertConnection(_:)``,
/// ``jobs(_:page:)``, …) declared in extensions. The requirements below are
/// what a backend implements: generic row operations over ``StoreTable``s,
/// and the queue and state operations that need a backend's own
/// transactions and locks. Times are passed in (`now`) so tests control them.
///
/// ## The job queue
/// ``enqueueJob(_:now:)`` queues a job; ``claimJob(worker:leaseDuration:now:logPath:)``
/// gives a worker the oldest due job of a connection with nothing running
/// (never two running jobs per connection, never one job to two workers),
/// starting a new attempt under a lease; ``renewLease(_:until:streamStats:now:)``
/// is the heartbeat; ``finishAttempt(_:outcome:streamStats:now:)`` ends the
/// attempt; ``releaseLeases(_:now:)`` fails the attempts of workers that
/// stopped renewing (died), so another worker retries their jobs.
package protocol PlatformStore: AnyObject, Sendable {
    /// Which database, for logs: a file path, or PostgreSQL's host and database (never a password).
    var location: String { get }

    /// The schema version the database is at.
    func schemaVersion() async throws -> Int

    /// Closes the database; the store is unusable afterwards.
    func close() async throws

    // MARK: Rows (backend requirements; call the typed methods instead)

    /// Inserts `row`; with `ifAbsent`, a row with the same key (or another unique value) is
    /// left alone and `false` returned. Without it, a conflict throws ``StoreError/Code/conflict``.
    func insert(_ row: StoreRow, into table: StoreTable, ifAbsent: Bool) async throws -> Bool
    /// Inserts `row`, or replaces the row with its key.
    func upsert(_ row: StoreRow, into table: StoreTable) async throws
    /// Replaces the row with `row`'s key; `false` when there is none.
    func update(_ row: StoreRow, in table: StoreTable) async throws -> Bool
    /// The rows `query` selects.
    func select(from table: StoreTable, _ query: StoreQuery) async throws -> [StoreRow]
    /// How many rows match.
    func count(in table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int
    /// Deletes the rows that match; returns how many.
    func delete(from table: StoreTable, _ conditions: [StoreQuery.Condition]) async throws -> Int

    /// When each connection's latest job of `types` was created: what a
    /// scheduler needs (a basic schedule counts from the last sync), in one query.
    func latestJobCreation(types: [JobType]) async throws -> [ConnectionID: Date]

    // MARK: Job queue

    /// Queues a job. When the connection already has a job of the same type
    /// waiting (pending, or incomplete between attempts), that job is returned
    /// instead and made due now: a sync asked for twice runs once. A job of a
    /// connection whose other job runs waits for it.
    func enqueueJob(_ request: JobRequest, now: Date) async throws -> EnqueuedJob

    /// Claims the oldest due job (pending, or incomplete with its next attempt due)
    /// of a connection with no running job, for `worker`, until `now + leaseDuration`:
    /// the job becomes `running` with a new attempt, whose log file is `logPath(job, attempt number)`.
    /// `nil` when no job is due. Concurrent claimers (threads, processes, machines) never get the same job.
    func claimJob(
        worker: String, leaseDuration: Duration, now: Date,
        logPath: @escaping @Sendable (JobID, Int) -> String?
    ) async throws -> ClaimedJob?

    /// The heartbeat: extends the lease to `until` and, when given, records the
    /// attempt's counts so far. Says whether the worker still holds the job
    /// (when not, it must stop at once) and whether a cancel was asked for.
    func renewLease(_ lease: LeaseToken, until: Date, streamStats: [StreamStats]?, now: Date) async throws -> LeaseRenewal

    /// Ends the attempt: the job succeeds, is cancelled, fails, or (a failure
    /// with `retryAt`) becomes `incomplete` until its next attempt is due.
    /// Releases the lease. Throws ``StoreError/Code/leaseLost`` when the worker no longer holds it.
    @discardableResult
    func finishAttempt(_ lease: LeaseToken, outcome: AttemptOutcome, streamStats: [StreamStats], now: Date) async throws -> Job

    /// Takes running jobs away from workers: those whose lease expired before
    /// `now`, or those of the given workers (dead processes of this machine).
    /// Each one's attempt fails (platform, `heartbeat_timeout`, retryable) and
    /// the job is retried at once, or fails when it has no attempts left, or is
    /// cancelled when a cancel was asked for. Returns the jobs changed.
    func releaseLeases(_ which: LeaseRelease, now: Date) async throws -> [Job]

    /// Asks to cancel a job: one that waits is cancelled at once; a running one
    /// is flagged for its worker (``LeaseRenewal/cancelRequested``) and ends when
    /// the worker stops it. `nil` when there is no such job; an ended job is returned unchanged.
    func requestCancellation(of job: JobID, now: Date) async throws -> Job?

    // MARK: Connection state

    /// The states a connection's next sync resumes from.
    func connectionStates(_ connection: ConnectionID) async throws -> [AirbyteStateMessage]

    /// Saves a state the destination acknowledged, replacing what it
    /// supersedes (a STREAM state that stream's and any GLOBAL or LEGACY state;
    /// a GLOBAL or LEGACY state every other). With `lease`, only while that
    /// worker holds the job (else ``StoreError/Code/leaseLost``), so a worker
    /// that lost its job cannot overwrite the state of the one that took it over.
    func saveConnectionState(
        _ state: AirbyteStateMessage, for connection: ConnectionID, lease: LeaseToken?,
        now: Date) async throws

    /// Drops a connection's state: of `streams` (their STREAM states, and their
    /// part of a GLOBAL state), or all of it when `nil`. A LEGACY state cannot be
    /// split by stream, so it goes whole.
    func clearConnectionStates(_ connection: ConnectionID, streams: [StreamDescriptor]?) async throws
}

/// What ``PlatformStore/enqueueJob(_:now:)`` did.
package struct EnqueuedJob: Sendable, Hashable {
    /// The job that will run.
    package var job: Job
    /// Whether it is new (`false`: an equal job was already waiting).
    package var isNew: Bool

    package init(job: Job, isNew: Bool) {
        self.job = job
        self.isNew = isNew
    }
}

/// Which leases ``PlatformStore/releaseLeases(_:now:)`` takes away.
package enum LeaseRelease: Sendable, Hashable {
    /// Those that expired.
    case expired
    /// Those of these workers, expired or not (their processes are known to be dead).
    case ownedBy([String])
}
