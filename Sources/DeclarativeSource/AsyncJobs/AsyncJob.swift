internal import AirbyteProtocol
internal import Foundation
internal import Synchronization

/// A server-side job's status as the CDK sees it (`AsyncJobStatus`).
enum AsyncJobStatus: String, Sendable {
    case running = "RUNNING"
    case completed = "COMPLETED"
    case failed = "FAILED"
    case timedOut = "TIMED_OUT"
    case skipped = "SKIPPED"

    /// A terminal status cannot change any more (everything but running).
    var isTerminal: Bool { self != .running }
}

/// One job on the API side (the CDK's `AsyncJob`): the slice it was created for, its status,
/// and its timer. A job whose timer runs past its timeout reads as timed out until a poll
/// gives it a terminal status.
final class AsyncJob: Sendable {
    /// Our identity for the job (the CDK's is a random UUID too; the API's id lives in the
    /// creation response).
    let id: String
    /// The slice the job was created for.
    let parameters: StreamSlice
    /// The job could not be created: it exists only to be retried.
    let isCreationFailure: Bool
    /// The creation request and its answer (nil for a creation failure).
    let creation: Exchange?

    /// A request and the response it got, for `creation_response` and `polling_response`.
    struct Exchange: Sendable {
        var request: OutgoingRequest
        var response: HTTPResponse
    }

    private struct State {
        var status: AsyncJobStatus = .running
        var started: ContinuousClock.Instant
        var ended: ContinuousClock.Instant?
        var retryAfter: ContinuousClock.Instant?
        var polling: Exchange?
    }

    private let timeout: Duration?
    private let state: Mutex<State>

    init(parameters: StreamSlice, creation: Exchange?, timeout: Duration?, isCreationFailure: Bool = false) {
        id = UUID().uuidString.lowercased() + (isCreationFailure ? " - Job that could not start" : "")
        self.parameters = parameters
        self.creation = creation
        self.timeout = timeout
        self.isCreationFailure = isCreationFailure
        state = Mutex(State(started: .now))
    }

    /// `_create_failed_job`: a job that never started, failed at once, with no timeout.
    static func creationFailure(_ slice: StreamSlice) -> AsyncJob {
        let job = AsyncJob(parameters: slice, creation: nil, timeout: nil, isCreationFailure: true)
        job.update(.failed)
        return job
    }

    /// The status, or timed out when the timer has run past the timeout.
    var status: AsyncJobStatus {
        state.withLock { state in
            if let timeout, (state.ended ?? .now) - state.started > timeout { return .timedOut }
            return state.status
        }
    }

    /// `update_status`: a job running again restarts its timer; a terminal status stops it.
    func update(_ status: AsyncJobStatus) {
        state.withLock { state in
            if state.status != .running && status == .running {
                state.started = .now
                state.ended = nil
            } else if status.isTerminal, state.ended == nil {
                state.ended = .now
            }
            state.status = status
        }
    }

    /// The last polling exchange that found the job completed.
    var polling: Exchange? {
        get { state.withLock { $0.polling } }
        set { state.withLock { $0.polling = newValue } }
    }

    /// A deferred retry is scheduled (`failed_retry_wait_time_in_seconds`).
    var retryDeferred: Bool { state.withLock { $0.retryAfter != nil } }

    /// No deferred retry, or its wait is over.
    var readyToRetry: Bool { state.withLock { $0.retryAfter.map { ContinuousClock.now >= $0 } ?? true } }

    func deferRetry(by wait: Duration) { state.withLock { $0.retryAfter = .now + wait } }
}
