import Dispatch

/// A task executor on its own serial dispatch queue, for code that blocks in
/// `read(2)` on a connector's stdout: run there (with
/// `withTaskExecutorPreference`), it holds a Dispatch worker thread instead of
/// one of the few threads of Swift's cooperative pool, which the process
/// monitoring and teardown tasks need.
final class BlockingReadExecutor: TaskExecutor {
    private let queue: DispatchQueue

    init(label: String) {
        queue = DispatchQueue(label: label)
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
