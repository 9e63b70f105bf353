internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// Spreads a read's work over the event loops when its tasks run on them.
///
/// `source-declarative-manifest` runs its tasks on SwiftNIO's event loops, and a task
/// started there stays on its loop (`EventLoopGroup.any()` is sticky), so a whole read
/// would run on one thread while the other cores idle. These executors say where a task
/// should run instead.
///
/// A loop's load is the number of pages its running partitions have read so far: a long
/// chain of pages (each token is in the page before, so its pages cannot overlap) weighs
/// more than a partition that just started. A partition starts on the least loaded loop, so
/// a long chain keeps a loop to itself and short partitions gather elsewhere. A page's
/// records are written on the partition's own loop, while its next request is out: handing
/// them to the other loop (tried until 2026-12-02) cost a cross-thread wake-up per page and
/// made the 500-page chain of `bench/declarative` slower (0.188 → 0.165 s without it).
///
/// Off the loops (tests, or a process that did not install them as the global executor),
/// every answer is `nil`: Swift's own pool already spreads tasks over its threads.
final class EventLoopExecutors: Sendable {
    /// The executors of `MultiThreadedEventLoopGroup.singleton`'s loops.
    static let shared = EventLoopExecutors(group: .singleton)

    private let executors: [LoopTaskExecutor]
    /// Each loop's load, by index.
    private let loads: Mutex<[Int]>

    init(group: MultiThreadedEventLoopGroup) {
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        executors = loops.map(LoopTaskExecutor.init)
        loads = Mutex(loops.map { _ in 0 })
    }

    /// Where a new partition runs: the least loaded loop; `nil` off the loops or with a
    /// single loop.
    func placePartition() -> PartitionPlacement? {
        guard executors.count > 1, currentIndex() != nil else { return nil }
        let index = loads.withLock { loads in
            let index = Self.leastLoaded(loads)
            loads[index] += 1
            return index
        }
        return PartitionPlacement(executor: executors[index], load: { change in self.loads.withLock { $0[index] += change } })
    }

    private static func leastLoaded(_ loads: [Int]) -> Int {
        loads.indices.min { loads[$0] < loads[$1] } ?? 0
    }

    private func currentIndex() -> Int? {
        guard let current = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        return executors.firstIndex { $0.loop === current }
    }
}

/// A partition's loop, and the load it adds there while it runs.
final class PartitionPlacement: Sendable {
    let executor: any TaskExecutor
    private let load: @Sendable (Int) -> Void
    private let pages = Atomic<Int>(1)

    fileprivate init(executor: any TaskExecutor, load: @escaping @Sendable (Int) -> Void) {
        self.executor = executor
        self.load = load
    }

    /// The partition read a page.
    func pageRead() {
        pages.add(1, ordering: .relaxed)
        load(1)
    }

    /// The partition ended: its load leaves the loop.
    func finished() {
        load(-pages.exchange(0, ordering: .relaxed))
    }
}

/// Runs a task's jobs on one event loop (SwiftNIO's loops are serial executors, not task
/// executors).
private final class LoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
