import AirbyteProtocol
import Foundation
import PlatformTestSupport
import Synchronization
import Testing

@testable import PlatformStore

@Suite("Job queue")
struct JobQueueTests {
    static let lease = Duration.seconds(30)
    static let noLog: @Sendable (JobID, Int) -> String? = { job, attempt in "logs/\(job)/\(attempt).log" }

    @Test(
        "A sync asked for while one waits is the same job; one asked for while one runs is queued behind it",
        arguments: StoreKind.allCases)
    func enqueueCoalescesAndQueues(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let first = try await store.enqueueJob(fixtures.sync(connection), now: at(0))
            #expect(first.isNew && first.job.status == .pending && first.job.id.rawValue > 0)
            let again = try await store.enqueueJob(fixtures.sync(connection), now: at(1))
            #expect(!again.isNew && again.job.id == first.job.id)
            let reset = try await store.enqueueJob(fixtures.sync(connection, type: .reset), now: at(2))
            #expect(reset.isNew && reset.job.id > first.job.id)

            let claimed = try #require(
                try await store.claimJob(
                    worker: "w1", leaseDuration: Self.lease, now: at(3),
                    logPath: Self.noLog))
            #expect(claimed.job.id == first.job.id && claimed.job.status == .running && claimed.attempt.number == 0)
            #expect(claimed.attempt.logPath == "logs/\(first.job.id)/0.log")
            #expect(
                try await store.claimJob(worker: "w2", leaseDuration: Self.lease, now: at(4), logPath: Self.noLog) == nil,
                "the reset waits for the running sync of the same connection")

            let queued = try await store.enqueueJob(fixtures.sync(connection), now: at(5))
            #expect(queued.isNew && queued.job.status == .pending, "a sync triggered while one runs is queued")
            try await store.finishAttempt(claimed.lease, outcome: .succeeded, streamStats: [], now: at(6))
            let next = try #require(
                try await store.claimJob(
                    worker: "w2", leaseDuration: Self.lease, now: at(7),
                    logPath: Self.noLog))
            #expect(next.job.id == reset.job.id, "jobs of a connection run in the order they were queued")
            #expect(try await store.job(first.job.id)?.status == .succeeded)
        }
    }

    @Test(
        "Concurrent claimers (separate store instances, like processes) never get the same job",
        arguments: StoreKind.allCases)
    func concurrentClaimersNeverShareAJob(kind: StoreKind) async throws {
        try await kind.withStore { store, database in
            let fixtures = try await Fixtures.make(in: store)
            var expected: Set<JobID> = []
            for index in 0..<30 {
                let connection = try await fixtures.connection(in: store, name: "c\(index)")
                expected.insert(try await store.enqueueJob(fixtures.sync(connection), now: at(0)).job.id)
                // A second job per connection: it may only run after the first, never beside it.
                expected.insert(try await store.enqueueJob(fixtures.sync(connection, type: .clear), now: at(0)).job.id)
            }
            var claimers: [any PlatformStore] = []
            for _ in 0..<4 { claimers.append(try await database.open()) }
            let tally = ClaimTally()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, claimer) in claimers.enumerated() {
                    group.addTask {
                        var idle = 0
                        while idle < 3 {
                            guard
                                let claimed = try await claimer.claimJob(
                                    worker: "worker-\(index)", leaseDuration: Self.lease,
                                    now: at(1), logPath: Self.noLog)
                            else {
                                idle += 1
                                try await Task.sleep(for: .milliseconds(20))
                                continue
                            }
                            idle = 0
                            let connection = claimed.job.connectionID
                            if tally.running.withLock({ !$0.insert(connection).inserted }) { tally.overlaps.withLock { $0 += 1 } }
                            tally.runs.withLock { $0.append(claimed.job.id) }
                            try await Task.sleep(for: .milliseconds(2))
                            tally.running.withLock { _ = $0.remove(connection) }
                            try await claimer.finishAttempt(claimed.lease, outcome: .succeeded, streamStats: [], now: at(2))
                        }
                    }
                }
                try await group.waitForAll()
            }
            for claimer in claimers { try await claimer.close() }
            let claimedJobs = tally.runs.withLock { $0 }
            #expect(claimedJobs.count == expected.count, "every job ran")
            #expect(Set(claimedJobs) == expected, "each job exactly once: \(claimedJobs.count) runs of \(Set(claimedJobs).count) jobs")
            #expect(tally.overlaps.withLock { $0 } == 0, "never two jobs of one connection at once")
            #expect(try await store.countJobs(JobFilter(statuses: [.succeeded])) == expected.count)
        }
    }

    @Test(
        "An expired lease is taken back: the attempt fails, another worker retries, the old one is fenced off",
        arguments: StoreKind.allCases)
    func expiredLeaseIsReclaimed(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let job = try await store.enqueueJob(fixtures.sync(connection), now: at(0)).job
            let dead = try #require(
                try await store.claimJob(
                    worker: "dead", leaseDuration: .seconds(10), now: at(1),
                    logPath: Self.noLog))
            let stats = [StreamStats(name: "users", recordsEmitted: 10, bytesEmitted: 100, recordsCommitted: 5, bytesCommitted: 50)]
            #expect(try await store.renewLease(dead.lease, until: at(15), streamStats: stats, now: at(5)).isHeld)
            #expect(try await store.releaseLeases(.expired, now: at(14)).isEmpty, "renewed until 15")

            let released = try await store.releaseLeases(.expired, now: at(16))
            #expect(released.map(\.id) == [job.id])
            #expect(released.first?.status == .incomplete && released.first?.lease == nil)
            let failedAttempt = try #require(try await store.attempt(of: job.id, number: 0))
            #expect(failedAttempt.status == .failed && failedAttempt.failure?.type == .heartbeatTimeout)
            #expect(failedAttempt.failure?.origin == .airbytePlatform && failedAttempt.failure?.retryable == true)
            #expect(failedAttempt.streamStats == stats, "the counts of the dead attempt are kept")

            let retry = try #require(
                try await store.claimJob(
                    worker: "alive", leaseDuration: .seconds(10), now: at(16),
                    logPath: Self.noLog))
            #expect(retry.job.id == job.id && retry.attempt.number == 1)
            #expect(try await store.renewLease(dead.lease, until: at(30), streamStats: nil, now: at(17)).isHeld == false)
            let fenced = await #expect(throws: StoreError.self) {
                try await store.finishAttempt(dead.lease, outcome: .succeeded, streamStats: [], now: at(17))
            }
            #expect(fenced?.code == .leaseLost)
            let state = AirbyteStateMessage(
                type: .stream,
                stream: AirbyteStreamState(
                    streamDescriptor: StreamDescriptor(name: "users"), streamState: ["cursor": 1]))
            let fencedState = await #expect(throws: StoreError.self) {
                try await store.saveConnectionState(state, for: connection.id, lease: dead.lease, now: at(17))
            }
            #expect(fencedState?.code == .leaseLost)
            try await store.saveConnectionState(state, for: connection.id, lease: retry.lease, now: at(17))
            #expect(try await store.connectionStates(connection.id) == [state])
            #expect(try await store.finishAttempt(retry.lease, outcome: .succeeded, streamStats: [], now: at(18)).status == .succeeded)
        }
    }

    @Test(
        "Leases of given workers (dead processes) are released at once; a job out of attempts fails",
        arguments: StoreKind.allCases)
    func releaseOwnedLeases(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let job = try await store.enqueueJob(fixtures.sync(connection, maxAttempts: 1), now: at(0)).job
            _ = try #require(
                try await store.claimJob(
                    worker: "host:123:a", leaseDuration: Self.lease, now: at(1),
                    logPath: Self.noLog))
            #expect(try await store.releaseLeases(.ownedBy(["host:999:b"]), now: at(2)).isEmpty)
            let released = try await store.releaseLeases(.ownedBy(["host:123:a"]), now: at(2))
            #expect(released.map(\.status) == [.failed], "its only attempt failed")
            #expect(try await store.job(job.id)?.endedAt == at(2))
        }
    }

    @Test("A failed attempt waits for its backoff, then retries until the attempts run out", arguments: StoreKind.allCases)
    func retriesWithBackoff(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let job = try await store.enqueueJob(fixtures.sync(connection, maxAttempts: 3), now: at(0)).job
            let failure = FailureReason(origin: .source, type: .systemError, message: "boom", retryable: true, timestamp: at(1))
            var now = 1.0
            for attempt in 0..<3 {
                let claimed = try #require(
                    try await store.claimJob(
                        worker: "w", leaseDuration: Self.lease, now: at(now),
                        logPath: Self.noLog))
                #expect(claimed.attempt.number == attempt)
                let retryAt = at(now + 10)
                let ended = try await store.finishAttempt(
                    claimed.lease, outcome: .failed(failure, retryAt: retryAt),
                    streamStats: [], now: at(now))
                if attempt < 2 {
                    #expect(ended.status == .incomplete && ended.nextAttemptAt == retryAt)
                    #expect(
                        try await store.claimJob(
                            worker: "w", leaseDuration: Self.lease, now: at(now + 9.9),
                            logPath: Self.noLog) == nil, "not before its backoff")
                } else {
                    #expect(ended.status == .failed && ended.endedAt == at(now))
                }
                now += 10
            }
            #expect(try await store.attempts(of: job.id).map(\.status) == [.failed, .failed, .failed])
            #expect(try await store.attempts(of: job.id).compactMap(\.failure?.message) == ["boom", "boom", "boom"])
            #expect(try await store.claimJob(worker: "w", leaseDuration: Self.lease, now: at(100), logPath: Self.noLog) == nil)
        }
    }

    @Test(
        "An attempt stopped by a server shutdown is retried at once without using up the job's attempts; with a cancel asked for, the job is cancelled",
        arguments: StoreKind.allCases)
    func interruptedAttempts(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let job = try await store.enqueueJob(fixtures.sync(connection, maxAttempts: 1), now: at(0)).job
            let shutdown = FailureReason(
                origin: .airbytePlatform, type: .transientError, message: "The server shut down", retryable: true)
            // A one-attempt job survives two shutdowns, then its one real failure ends it.
            for (number, now) in [(0, 1.0), (1, 2.0)] {
                let claimed = try #require(
                    try await store.claimJob(worker: "w", leaseDuration: Self.lease, now: at(now), logPath: Self.noLog))
                #expect(claimed.attempt.number == number)
                let ended = try await store.finishAttempt(claimed.lease, outcome: .interrupted(shutdown), streamStats: [], now: at(now))
                #expect(ended.status == .incomplete && ended.nextAttemptAt == at(now) && ended.maxAttempts == number + 2)
            }
            let last = try #require(
                try await store.claimJob(worker: "other server", leaseDuration: Self.lease, now: at(3), logPath: Self.noLog))
            #expect(last.job.id == job.id && last.attempt.number == 2)
            let failure = FailureReason(origin: .source, type: .systemError, message: "boom", retryable: true)
            let failed = try await store.finishAttempt(last.lease, outcome: .failed(failure, retryAt: at(13)), streamStats: [], now: at(3))
            #expect(failed.status == .failed, "the interruptions did not count; the one real failure used the one attempt")
            #expect(
                try await store.attempts(of: job.id).compactMap(\.failure?.message) == [
                    "The server shut down", "The server shut down", "boom",
                ])

            let cancelled = try await store.enqueueJob(fixtures.sync(connection), now: at(4)).job
            let claimed = try #require(
                try await store.claimJob(worker: "w", leaseDuration: Self.lease, now: at(5), logPath: Self.noLog))
            #expect(claimed.job.id == cancelled.id)
            _ = try await store.requestCancellation(of: cancelled.id, now: at(6))
            let ended = try await store.finishAttempt(claimed.lease, outcome: .interrupted(shutdown), streamStats: [], now: at(7))
            #expect(ended.status == .cancelled && ended.endedAt == at(7))
        }
    }

    @Test("Asking for a sync again during a backoff runs the waiting job now", arguments: StoreKind.allCases)
    func triggerDuringBackoff(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let connection = try await fixtures.connection(in: store)
            let job = try await store.enqueueJob(fixtures.sync(connection), now: at(0)).job
            let claimed = try #require(
                try await store.claimJob(
                    worker: "w", leaseDuration: Self.lease, now: at(1),
                    logPath: Self.noLog))
            let failure = FailureReason(origin: .destination, type: .transientError, message: "busy", retryable: true)
            try await store.finishAttempt(claimed.lease, outcome: .failed(failure, retryAt: at(1000)), streamStats: [], now: at(2))
            let again = try await store.enqueueJob(fixtures.sync(connection), now: at(3))
            #expect(again.job.id == job.id && !again.isNew && again.job.nextAttemptAt == nil)
            #expect(try await store.claimJob(worker: "w", leaseDuration: Self.lease, now: at(4), logPath: Self.noLog)?.job.id == job.id)
        }
    }

    @Test("Cancelling: a waiting job at once; a running one through its worker's heartbeat", arguments: StoreKind.allCases)
    func cancellation(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let first = try await fixtures.connection(in: store, name: "first")
            let second = try await fixtures.connection(in: store, name: "second")
            let running = try await store.enqueueJob(fixtures.sync(first), now: at(0)).job
            let waiting = try await store.enqueueJob(fixtures.sync(second), now: at(0)).job
            let claimed = try #require(
                try await store.claimJob(
                    worker: "w", leaseDuration: Self.lease, now: at(1),
                    logPath: Self.noLog))
            #expect(claimed.job.id == running.id)

            let cancelledWaiting = try #require(try await store.requestCancellation(of: waiting.id, now: at(2)))
            #expect(cancelledWaiting.status == .cancelled && cancelledWaiting.endedAt == at(2))
            let flagged = try #require(try await store.requestCancellation(of: running.id, now: at(2)))
            #expect(flagged.status == .running && flagged.cancelRequested)
            #expect(
                try await store.renewLease(claimed.lease, until: at(40), streamStats: nil, now: at(3))
                    == LeaseRenewal(isHeld: true, cancelRequested: true))
            let reason = FailureReason(origin: .airbytePlatform, type: .manualCancellation, message: "cancelled", retryable: false)
            let ended = try await store.finishAttempt(claimed.lease, outcome: .cancelled(reason), streamStats: [], now: at(4))
            #expect(ended.status == .cancelled)
            #expect(try await store.requestCancellation(of: running.id, now: at(5)) == ended, "an ended job is unchanged")
            #expect(try await store.requestCancellation(of: JobID(999_999), now: at(5)) == nil)
            #expect(try await store.claimJob(worker: "w", leaseDuration: Self.lease, now: at(6), logPath: Self.noLog) == nil)
        }
    }

    @Test("Jobs list by connection, type and status, newest first, paged", arguments: StoreKind.allCases)
    func listingJobs(kind: StoreKind) async throws {
        try await kind.withStore { store, _ in
            let fixtures = try await Fixtures.make(in: store)
            let first = try await fixtures.connection(in: store, name: "first")
            let second = try await fixtures.connection(in: store, name: "second")
            var ids: [JobID] = []
            for index in 0..<5 {
                let connection = index.isMultiple(of: 2) ? first : second
                let claimed: ClaimedJob
                let job = try await store.enqueueJob(fixtures.sync(connection), now: at(Double(index * 10))).job
                claimed = try #require(
                    try await store.claimJob(
                        worker: "w", leaseDuration: Self.lease,
                        now: at(Double(index * 10 + 1)), logPath: Self.noLog))
                #expect(claimed.job.id == job.id)
                try await store.finishAttempt(
                    claimed.lease, outcome: .succeeded,
                    streamStats: [
                        StreamStats(
                            name: "users", recordsEmitted: Int64(index),
                            recordsCommitted: Int64(index))
                    ],
                    now: at(Double(index * 10 + 2)))
                ids.append(job.id)
            }
            #expect(try await store.jobs().map(\.id) == ids.reversed())
            #expect(try await store.jobs(JobFilter(connections: [first.id])).map(\.id) == [ids[4], ids[2], ids[0]])
            #expect(
                try await store.jobs(JobFilter(order: .createdAt(ascending: true)), page: Page(limit: 2, offset: 1)).map(\.id)
                    == [ids[1], ids[2]])
            #expect(try await store.jobs(JobFilter(createdAtStart: at(10), createdAtEnd: at(30))).map(\.id) == [ids[2], ids[1]])
            #expect(try await store.jobs(JobFilter(types: [.reset])).isEmpty)
            #expect(try await store.countJobs(JobFilter(connections: [second.id], statuses: [.succeeded])) == 2)
            #expect(try await store.latestJob(of: first.id)?.id == ids[4])
            #expect(try await store.latestJobCreation(types: [.sync]) == [first.id: at(40), second.id: at(30)])
            #expect(try await store.latestJobCreation(types: [.reset]).isEmpty)
            #expect(try await store.attempts(of: ids[3]).first?.totals.recordsCommitted == 3)
        }
    }
}

/// What concurrent claimers saw: the jobs they ran, the connections running now, overlaps.
private final class ClaimTally: Sendable {
    let runs = Mutex<[JobID]>([])
    let running = Mutex<Set<ConnectionID>>([])
    let overlaps = Mutex(0)
}
