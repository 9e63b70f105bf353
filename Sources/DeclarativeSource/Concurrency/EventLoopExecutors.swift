internal import NIOCore
internal import NIOPosix
internal import Synchronization

/// Spreads a read's work over the event loops when its tasks run on them.
///
/// `source-declarative-manifest` runs its tasks on SwiftNIO's event loops, and a task
/// started there stays on its loop (`EventLoopGroup.any()` is sticky), so a whole read
/// would run on one thread while the other cores idle. These executors say where a task
/// should run instead: partitions go round the loops, and a page's records are written on
/// another loop than the one whose task waits for the next page, so that a chain of pages
/// (each token is in the page before) spends only its scan and its request on its thread.
///
/// Off the loops (tests, or a process that did not install them as the global executor),
/// every answer is `nil`: Swift's own pool already spreads tasks over its threads.
final class EventLoopExecutors: Sendable {
    /// The executors of `MultiThreadedEventLoopGroup.singleton`'s loops.
    static let shared = EventLoopExecutors(group: .singleton)

    private let executors: [LoopTaskExecutor]
    private let nextIndex = Atomic<Int>(0)

    init(group: MultiThreadedEventLoopGroup) {
        var loops: [any EventLoop] = []
        for loop in group.makeIterator() { loops.append(loop) }
        executors = loops.map(LoopTaskExecutor.init)
    }

    /// The executor of the next loop in turn, for a new partition; `nil` off the loops or
    /// with a single loop.
    func nextInTurn() -> (any TaskExecutor)? {
        guard executors.count > 1, currentIndex() != nil else { return nil }
        return executors[nextIndex.add(1, ordering: .relaxed).oldValue % executors.count]
    }

    /// The executor of a loop other than the current one; `nil` off the loops or with a
    /// single loop.
    func elsewhere() -> (any TaskExecutor)? {
        guard executors.count > 1, let index = currentIndex() else { return nil }
        return executors[(index + 1) % executors.count]
    }

    private func currentIndex() -> Int? {
        guard let current = MultiThreadedEventLoopGroup.currentEventLoop else { return nil }
        return executors.firstIndex { $0.loop === current }
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
