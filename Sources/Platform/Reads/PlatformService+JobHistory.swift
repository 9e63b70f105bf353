import Foundation
package import PlatformStore

extension PlatformService {
    /// The jobs with their attempts, read in one query.
    package func jobDetails(_ jobs: [Job]) async throws -> [JobDetails] {
        let attempts = try await storeCall { try await store.attempts(ofJobs: jobs.map(\.id)) }
        return jobs.map { JobDetails(job: $0, attempts: attempts[$0.id] ?? []) }
    }

    /// The job `id` with its attempts.
    ///
    /// - Throws: ``PlatformError`` `notFound`.
    package func jobDetails(_ id: JobID) async throws -> JobDetails {
        guard let job = try await storeCall({ try await store.job(id) }) else {
            throw PlatformError(.notFound, message: "there is no job \(id)")
        }
        return JobDetails(job: job, attempts: try await storeCall { try await store.attempts(of: id) })
    }

    /// A page of the connection's jobs (of `types` when given), newest first,
    /// each with its attempts and counts, and the number of such jobs.
    package func jobHistory(of connection: ConnectionID, types: [JobType]? = nil, page: Page) async throws -> JobHistoryPage {
        let filter = JobFilter(connections: [connection], types: types)
        let jobs = try await storeCall { try await store.jobs(filter, page: page) }
        let total = try await storeCall { try await store.countJobs(filter) }
        return JobHistoryPage(jobs: try await jobDetails(jobs), total: total)
    }
}
