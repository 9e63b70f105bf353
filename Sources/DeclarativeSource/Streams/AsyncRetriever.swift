internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Synchronization

/// `AsyncRetriever`: a stream whose records come from server-side jobs. Each slice of the
/// stream's slicer (its partitions or cursor windows) gets a job; a slice is handed on to be
/// read once its job completed, and reading it downloads the job's targets and passes their
/// records through the stream's record selector (filter, transformations, normalization).
struct AsyncRetriever: Sendable {
    let repository: AsyncHttpJobRepository
    /// The stream's record selector; its extractor is unused (the download extractor reads).
    let selector: RecordSelector
    let tracker: AsyncJobTracker
    let events: any SourceEvents
    let pollInterval: Duration
    let failedRetryWait: Duration?
    /// Completed jobs by id, from the orchestrator to the partition that reads them.
    private let completedJobs = CompletedJobs()

    init(
        repository: AsyncHttpJobRepository, selector: RecordSelector, tracker: AsyncJobTracker,
        events: any SourceEvents, pollInterval: Duration, failedRetryWait: Duration?
    ) {
        self.repository = repository
        self.selector = selector
        self.tracker = tracker
        self.events = events
        self.pollInterval = pollInterval
        self.failedRetryWait = failedRetryWait
    }

    /// `AsyncJobPartitionRouter.stream_slices`: the slices `slices` lists, each handed to
    /// `body` once its job completed, as the partition and cursor slice with the job's id in
    /// `extra_fields.jobs`.
    func forEachCompletedSlice(
        of slices: ((StreamSlice) async throws -> Void) async throws -> Void,
        _ body: (StreamSlice) async throws -> Void
    ) async throws {
        let orchestrator = AsyncJobOrchestrator(
            repository: repository, tracker: tracker, events: events, pollInterval: pollInterval,
            failedRetryWait: failedRetryWait)
        try await orchestrator.run(slices: slices) { partition in
            completedJobs.put(partition.job)
            try await body(
                StreamSlice(
                    partition: partition.slice.partition, cursorSlice: partition.slice.cursorSlice,
                    extraFields: ["jobs": [.string(partition.job.id)]]))
        }
    }

    /// `read_records`: each job's records (then the job deleted), through the record selector.
    func read(_ slice: StreamSlice, schema: JSONObject?, emit: ([JSONValue]) async throws -> Void) async throws {
        for case .string(let id) in slice.extraFields["jobs"]?.arrayValue ?? [] {
            guard let job = completedJobs.take(id) else {
                throw SourceFailure.system("Invalid state within AsyncJobRetriever: job \(id) is unknown")
            }
            try await repository.fetchRecords(job) { records in
                let selected = try selector.filterAndTransform(records, slice: slice, nextPageToken: nil, schema: schema)
                if !selected.isEmpty { try await emit(selected) }
            }
            try await repository.delete(job)
        }
    }
}

/// Completed jobs waiting for their partition to be read.
final class CompletedJobs: Sendable {
    private let jobs = Mutex<[String: AsyncJob]>([:])

    func put(_ job: AsyncJob) { jobs.withLock { $0[job.id] = job } }

    func take(_ id: String) -> AsyncJob? { jobs.withLock { $0.removeValue(forKey: id) } }
}
