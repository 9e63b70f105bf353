import Foundation

/// Runs blocking `work` (waiting for a child process, reading a pipe to its end)
/// on a thread of its own and suspends the calling task until it returns.
///
/// Swift's cooperative pool has as many threads as the machine has cores (two
/// on the machines CI runs on); a test that blocks one of them for the minutes a
/// `swift build` or an oracle run takes starves every other test of the suite,
/// which run in parallel on the same pool.
public func onOwnThread<Value: Sendable>(_ work: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
