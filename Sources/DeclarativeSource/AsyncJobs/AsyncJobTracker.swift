internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// How many async jobs may exist on the API side at once, across every stream of the source
/// (the CDK's `JobTracker`, from the manifest's `max_concurrent_async_job_count`, 1 without
/// one). A slot is taken by an intent before a job is created, then held by the job (or its
/// replacement) until the job is done.
final class AsyncJobTracker: Sendable {
    let limit: Int
    private let jobs = Mutex<Set<String>>([])

    init(limit: Int) { self.limit = max(1, limit) }

    /// The manifest's `max_concurrent_async_job_count`: a number or a config template; a
    /// template that does not give an integer, or a value below 1, means 1 (the CDK warns).
    static func make(_ value: JSONValue?, config: JinjaValue, interpolation: JinjaEnvironment, events: any SourceEvents) -> AsyncJobTracker
    {
        switch value {
        case nil, .null?: return AsyncJobTracker(limit: 1)
        case .number(let text)?:
            return AsyncJobTracker(limit: Int(text) ?? Double(text).map { Int($0) } ?? 1)
        case .string(let text)?:
            let evaluated = try? InterpolatedString(text, parameters: JSONObject(), in: interpolation).eval(config)
            guard let limit = evaluated?.intValue ?? Int(evaluated?.description ?? "") else {
                events.log(.warning, "Error interpolating max job count: \(text). Setting to 1.")
                return AsyncJobTracker(limit: 1)
            }
            return AsyncJobTracker(limit: limit)
        default: return AsyncJobTracker(limit: 1)
        }
    }

    /// `try_to_get_intent`: a slot for a job about to be created, or nil when all are taken.
    func tryToGetIntent() -> String? {
        jobs.withLock { jobs in
            guard jobs.count < limit else { return nil }
            let intent = "intent_\(UUID().uuidString.lowercased())"
            jobs.insert(intent)
            return intent
        }
    }

    /// `add_job`: the job created for an intent (or replacing a job) takes its slot.
    func add(_ intentOrJob: String, jobID: String) throws {
        try jobs.withLock { jobs in
            guard jobs.contains(intentOrJob) else {
                throw SourceFailure.system("ValueError: Can't add job: Unknown intent or job id \(intentOrJob)")
            }
            jobs.remove(intentOrJob)
            jobs.insert(jobID)
        }
    }

    /// `remove_job`: frees the slot; nothing happens for an unknown id.
    func remove(_ jobID: String) { _ = jobs.withLock { $0.remove(jobID) } }

    var count: Int { jobs.withLock { $0.count } }
}
