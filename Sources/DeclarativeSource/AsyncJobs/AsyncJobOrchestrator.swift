internal import AirbyteProtocol
internal import DeclarativeManifest

/// Runs the jobs of one stream's slices (the CDK's `AsyncJobOrchestrator`): a job per slice
/// while the source's job limit allows, polling every running job once per cycle, a wait
/// between cycles, and a completed job's slice handed on at once. A failed or timed-out job
/// is created again, up to 3 attempts per slice in all; then the stream fails once the other
/// slices are done.
///
/// One orchestrator serves one listing of the stream's slices, from a single task.
final class AsyncJobOrchestrator {
    /// A slice and its current job (the CDK's `AsyncPartition`; the CDK never splits a job).
    final class Partition {
        let slice: StreamSlice
        var job: AsyncJob
        var attempts = 1

        init(_ job: AsyncJob, slice: StreamSlice) {
            self.job = job
            self.slice = slice
        }
    }

    static let maxAttempts = 3

    let repository: AsyncHttpJobRepository
    let tracker: AsyncJobTracker
    let events: any SourceEvents
    let pollInterval: Duration
    /// `failed_retry_wait_time_in_seconds`: a failed job waits this long before its retry.
    let failedRetryWait: Duration?
    private var running: [Partition] = []
    private var errors: [String] = []

    init(
        repository: AsyncHttpJobRepository, tracker: AsyncJobTracker, events: any SourceEvents,
        pollInterval: Duration, failedRetryWait: Duration?
    ) {
        self.repository = repository
        self.tracker = tracker
        self.events = events
        self.pollInterval = pollInterval
        self.failedRetryWait = failedRetryWait
    }

    /// `create_and_get_completed_partitions`: starts a job for each slice `slices` lists and
    /// calls `completed` with each slice whose job completed, in the order they complete.
    func run(
        slices: ((StreamSlice) async throws -> Void) async throws -> Void,
        completed: (Partition) async throws -> Void
    ) async throws {
        do {
            // The listing calls back while it lists: `completed` runs within it, never after.
            try await withoutActuallyEscaping(completed) { completed in
                try await slices { slice in
                    // `_start_jobs`: a slice waits, cycle after cycle, for a free job slot.
                    while true {
                        if let intent = tracker.tryToGetIntent() {
                            running.append(Partition(try await startJob(slice, slot: intent), slice: slice))
                            return
                        }
                        try await finishCycle(completed)
                        try await replaceFailedJobs()
                    }
                }
            }
            while !running.isEmpty {
                try await finishCycle(completed)
                try await replaceFailedJobs()
            }
        } catch {
            // `_abort_all_running_jobs`: jobs still running on the API side are aborted.
            await abortAll()
            throw error
        }
        if !errors.isEmpty {
            throw SourceFailure(
                message: "One or more async jobs failed after exhausting all retry attempts.",
                internalMessage: errors.joined(separator: "\n"), failureType: .systemError)
        }
    }

    /// The rest of a cycle after jobs were started: poll the running jobs, hand on the
    /// completed slices, give up on slices out of attempts, then wait.
    private func finishCycle(_ completed: (Partition) async throws -> Void) async throws {
        let runningJobs = running.map(\.job).filter { $0.status == .running }
        if !runningJobs.isEmpty { try await repository.updateStatus(runningJobs) }
        var stillRunning: [Partition] = []
        for partition in running {
            let status = partition.job.status
            switch status {
            case .completed:
                tracker.remove(partition.job.id)
                events.log(
                    .info, "The following jobs for stream slice \(partition.slice.merged) have been completed: [\(partition.job.id)].")
                try await completed(partition)
            case .skipped:
                tracker.remove(partition.job.id)
            case .running:
                stillRunning.append(partition)
            case .failed, .timedOut:
                if partition.attempts >= Self.maxAttempts {
                    // `_stop_partition`, then `_process_partitions_with_errors`.
                    if status == .timedOut { await abort(partition.job, free: true) } else { tracker.remove(partition.job.id) }
                    errors.append(
                        "At least one job could not be completed for slice \(partition.slice.merged). "
                            + "Job statuses were: {'\(partition.job.id)': \(status.rawValue)}.")
                } else {
                    if status == .timedOut { await abort(partition.job, free: false) }
                    // Failed slices are retried first.
                    stillRunning.insert(partition, at: 0)
                }
            }
        }
        running = stillRunning
        try await Task.sleep(for: pollInterval)
    }

    /// `_replace_failed_jobs`: a new job for each failed or timed-out one, in its slot.
    private func replaceFailedJobs() async throws {
        for partition in running {
            let job = partition.job
            let status = job.status
            guard status == .failed || status == .timedOut else { continue }
            if let failedRetryWait, status == .failed, !job.isCreationFailure {
                if !job.readyToRetry { continue }
                if !job.retryDeferred {
                    job.deferRetry(by: failedRetryWait)
                    events.log(.info, "Job \(job.id) failed. Deferring retry for \(failedRetryWait.components.seconds) seconds.")
                    continue
                }
            }
            partition.job = try await startJob(job.parameters, slot: job.id)
            partition.attempts += 1
        }
    }

    /// `_start_job`: creates the job in `slot` (an intent or the job it replaces). A failed
    /// creation becomes a failed job, retried like one, after an error TRACE; a config error
    /// stops the stream.
    private func startJob(_ slice: StreamSlice, slot: String) async throws -> AsyncJob {
        do {
            let job = try await repository.start(slice)
            try tracker.add(slot, jobID: job.id)
            return job
        } catch {
            events.log(.warning, "Exception has occurred during job creation: \(error)")
            if error is CancellationError || (error as? SourceFailure)?.failureType == .configError {
                tracker.remove(slot)
                throw error
            }
            // The CDK emits the requester's error as it is, with no stream.
            var failure = SourceFailure.from(error)
            failure.stream = nil
            events.error(failure)
            let job = AsyncJob.creationFailure(slice)
            try tracker.add(slot, jobID: job.id)
            return job
        }
    }

    /// `_abort_job`: a failure to abort is only logged.
    private func abort(_ job: AsyncJob, free: Bool) async {
        do {
            try await repository.abort(job)
            if free { tracker.remove(job.id) }
        } catch {
            events.log(.warning, "Could not free budget for job \(job.id): \(error)")
        }
    }

    private func abortAll() async {
        for partition in running {
            let status = partition.job.status
            if status == .running || status == .timedOut { await abort(partition.job, free: true) }
            tracker.remove(partition.job.id)
        }
        running = []
    }
}
