internal import CConcurrencyHook
import NIOCore
import NIOPosix

/// SwiftNIO's singleton event loops as Swift concurrency's global executor, installed through
/// the runtime's enqueue hook as `NIOSingletons` does, but found by the linker rather than by
/// `dlsym`, so that it also works in a binary linked with `--static-swift-stdlib` (which
/// exports none of the runtime's symbols).
enum EventLoopGlobalExecutor {
    private typealias EnqueueHook = @convention(thin) (UnownedJob, @convention(thin) (UnownedJob) -> Void) -> Void

    /// Sends every job enqueued on the global executor to an event loop: the current one when
    /// called from a loop (`any()` is sticky), so a task resumes where its I/O completed.
    /// Returns `false` when another hook is installed already.
    static func install() -> Bool {
        withUnsafeTemporaryAllocation(of: EnqueueHook.self, capacity: 1) { hook in
            let hook = hook.baseAddress!
            hook.initialize(to: { job, _ in
                MultiThreadedEventLoopGroup.singleton.any().executor.enqueue(ExecutorJob(job))
            })
            // The hook is a thin function: its value is the function's address.
            return hook.withMemoryRebound(to: UnsafeRawPointer.self, capacity: 1) { address in
                swiftbyte_install_global_enqueue_hook(address.pointee)
            }
        }
    }
}
