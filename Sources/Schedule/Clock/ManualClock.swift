public import Foundation
import Synchronization

/// A clock that moves only when told to: for tests of anything that takes a
/// ``WallClock``.
///
/// ```swift
/// let clock = ManualClock(Date(timeIntervalSince1970: 1_704_067_200))
/// // … start the code under test with `clock` …
/// await clock.waitForSleepers(1)   // it is now waiting for a deadline
/// clock.advance(by: 3600)          // wakes every sleeper whose deadline has come
/// ```
public final class ManualClock: WallClock {
    private struct Sleeper {
        var deadline: Date
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct Waiter {
        /// Whether the sleepers' deadlines are what the waiter waits for.
        var isSatisfied: @Sendable ([Date]) -> Bool
        var continuation: CheckedContinuation<Void, Never>
    }

    private struct State {
        var now: Date
        var nextID = 0
        var sleepers: [Int: Sleeper] = [:]
        var waiters: [Waiter] = []
    }

    private let state: Mutex<State>

    /// A clock that reads `now` until moved.
    public init(_ now: Date) {
        state = Mutex(State(now: now))
    }

    public func now() -> Date { state.withLock { $0.now } }

    /// The deadlines tasks are sleeping until, earliest first.
    public var sleepingUntil: [Date] {
        state.withLock { $0.sleepers.values.map(\.deadline).sorted() }
    }

    /// Moves the clock forward by `interval` seconds and wakes the sleepers whose deadline has come.
    public func advance(by interval: TimeInterval) {
        set { $0.addingTimeInterval(interval) }
    }

    /// Moves the clock to `date` (never backwards) and wakes the sleepers whose deadline has come.
    public func advance(to date: Date) {
        set { max($0, date) }
    }

    private func set(_ move: (Date) -> Date) {
        let woken: [CheckedContinuation<Void, any Error>] = state.withLock { state in
            state.now = move(state.now)
            let due = state.sleepers.filter { $0.value.deadline <= state.now }
            for id in due.keys { state.sleepers.removeValue(forKey: id) }
            return due.values.map(\.continuation)
        }
        for continuation in woken { continuation.resume() }
    }

    public func sleep(until deadline: Date) async throws {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                enum Outcome { case wait, wake, cancel }
                let (outcome, waiters): (Outcome, [CheckedContinuation<Void, Never>]) = state.withLock { state in
                    if Task.isCancelled { return (.cancel, []) }
                    if deadline <= state.now { return (.wake, []) }
                    state.sleepers[id] = Sleeper(deadline: deadline, continuation: continuation)
                    let deadlines = state.sleepers.values.map(\.deadline)
                    let ready = state.waiters.filter { $0.isSatisfied(deadlines) }
                    state.waiters.removeAll { $0.isSatisfied(deadlines) }
                    return (.wait, ready.map(\.continuation))
                }
                for waiter in waiters { waiter.resume() }
                switch outcome {
                case .wait: break
                case .wake: continuation.resume()
                case .cancel: continuation.resume(throwing: CancellationError())
                }
            }
        } onCancel: {
            let sleeper = state.withLock { $0.sleepers.removeValue(forKey: id) }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Returns once at least `count` tasks are sleeping on this clock: the
    /// code under test has reached its wait and time can be moved.
    public func waitForSleepers(_ count: Int = 1) async {
        await waitForSleepers { $0.count >= count }
    }

    /// Returns once a task is sleeping until exactly `deadline`: the code
    /// under test has worked out that this is when it next has work.
    public func waitForSleeper(until deadline: Date) async {
        await waitForSleepers { $0.contains(deadline) }
    }

    private func waitForSleepers(where isSatisfied: @escaping @Sendable ([Date]) -> Bool) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { state in
                if isSatisfied(state.sleepers.values.map(\.deadline)) { return true }
                state.waiters.append(Waiter(isSatisfied: isSatisfied, continuation: continuation))
                return false
            }
            if ready { continuation.resume() }
        }
    }
}
