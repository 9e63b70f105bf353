import Foundation
import Logging
import PlatformStore
import Synchronization

/// This process's workers: each claims the oldest due job it may run and runs
/// it through ``PlatformService``; one more task takes expired leases back
/// (from dead workers of any process) so their jobs are retried.
///
/// ```swift
/// let pool = WorkerPool(service: service)
/// try await pool.run()        // until pool.shutDown(), then attempts are stopped and marked for retry
/// ```
package final class WorkerPool: Sendable {
    let service: PlatformService
    private let stopping = Stopping()

    package init(service: PlatformService) {
        self.service = service
    }

    /// Runs the workers until ``shutDown()``: first takes back the leases of
    /// this machine's dead server processes (a restart after `kill -9`), so no
    /// job stays `running`; then claims and runs jobs.
    package func run() async throws {
        await recoverDeadLocalWorkers()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<service.configuration.workers {
                group.addTask { await self.work(index) }
            }
            group.addTask { await self.recoverExpiredLeases() }
            await group.waitForAll()
        }
    }

    /// Stops claiming, stops every running attempt (connectors asked to stop,
    /// committed state kept) and records it for a retry; ``run()`` then returns.
    package func shutDown() {
        guard stopping.begin() else { return }
        service.logger.info("stopping the workers", metadata: ["running": "\(service.running.count)"])
        service.running.stopAll(reason: .shutdown)
        service.wakeUp.signal()
    }

    private func work(_ index: Int) async {
        var logger = service.logger
        logger[metadataKey: "worker"] = "\(index)"
        // A cancelled task (the service group gave up on a graceful stop) ends the loop too.
        while !stopping.isStopping, !Task.isCancelled {
            let generation = service.wakeUp.generation
            do {
                let now = service.now
                let claimed = try await service.store.claimJob(
                    worker: service.configuration.workerID, leaseDuration: service.configuration.leaseDuration, now: now,
                    logPath: { job, attempt in PlatformConfiguration.logPath(job: job, attempt: attempt) })
                if let claimed {
                    // Claimed as a shutdown began: the attempt is stopped at once and retried later.
                    await service.run(claimed)
                    continue
                }
            } catch is CancellationError {
                return
            } catch {
                logger.error("claiming a job failed", metadata: ["error": "\(String(reflecting: error))"])
            }
            await service.wakeUp.wait(since: generation, timeout: service.configuration.pollInterval)
        }
    }

    private func recoverExpiredLeases() async {
        while !stopping.isStopping, !Task.isCancelled {
            await release(.expired)
            await service.wakeUp.wait(since: service.wakeUp.generation, timeout: service.configuration.recoveryInterval)
        }
    }

    /// Releases the leases of this machine's server processes that no longer run.
    func recoverDeadLocalWorkers() async {
        do {
            let owners = Set(try await service.store.jobs(JobFilter(statuses: [.running])).compactMap(\.lease?.owner))
            let dead = owners.filter(WorkerIdentity.isDeadLocalWorker)
            if !dead.isEmpty { await release(.ownedBy(Array(dead))) }
        } catch {
            service.logger.error("looking for jobs of dead workers failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func release(_ which: LeaseRelease) async {
        do {
            let released = try await service.store.releaseLeases(which, now: service.now)
            for job in released {
                service.logger.warning(
                    "took back a job from a worker that stopped",
                    metadata: ["job": "\(job.id)", "status": "\(job.status.rawValue)"])
                if job.status.isTerminal { await service.afterJob(job) }
            }
            if !released.isEmpty { service.wakeUp.signal() }
        } catch {
            service.logger.error("taking back expired leases failed", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}

/// Whether the pool is stopping (set once).
private final class Stopping: Sendable {
    private let flag = Mutex(false)
    var isStopping: Bool { flag.withLock { $0 } }
    /// Marks it stopping; `false` when it already was.
    func begin() -> Bool {
        flag.withLock { flag in
            defer { flag = true }
            return !flag
        }
    }
}
