package import Foundation

/// Which jobs ``PlatformStore/jobs(_:page:)`` lists: Airbyte's `GET /jobs` filters.
package struct JobFilter: Sendable, Hashable {
    /// How jobs are ordered.
    package enum Order: Sendable, Hashable {
        case createdAt(ascending: Bool)
        case updatedAt(ascending: Bool)
    }

    package var connections: [ConnectionID]?
    package var workspaces: [WorkspaceID]?
    package var types: [JobType]?
    package var statuses: [JobStatus]?
    package var createdAtStart: Date?
    package var createdAtEnd: Date?
    package var updatedAtStart: Date?
    package var updatedAtEnd: Date?
    package var order: Order

    /// A filter; newest first by default.
    package init(
        connections: [ConnectionID]? = nil, workspaces: [WorkspaceID]? = nil, types: [JobType]? = nil,
        statuses: [JobStatus]? = nil, createdAtStart: Date? = nil, createdAtEnd: Date? = nil,
        updatedAtStart: Date? = nil, updatedAtEnd: Date? = nil, order: Order = .createdAt(ascending: false)
    ) {
        self.connections = connections
        self.workspaces = workspaces
        self.types = types
        self.statuses = statuses
        self.createdAtStart = createdAtStart
        self.createdAtEnd = createdAtEnd
        self.updatedAtStart = updatedAtStart
        self.updatedAtEnd = updatedAtEnd
        self.order = order
    }

    var conditions: [StoreQuery.Condition] {
        var conditions: [StoreQuery.Condition] = []
        if let connections { conditions.append(.isIn("connection_id", connections.map { StoreValue($0) })) }
        if let workspaces { conditions.append(.isIn("workspace_id", workspaces.map { StoreValue($0) })) }
        if let types { conditions.append(.isIn("type", types.map { .text($0.rawValue) })) }
        if let statuses { conditions.append(.isIn("status", statuses.map { .text($0.rawValue) })) }
        if let createdAtStart { conditions.append(.atLeast("created_at", StoreValue(createdAtStart))) }
        if let createdAtEnd { conditions.append(.below("created_at", StoreValue(createdAtEnd))) }
        if let updatedAtStart { conditions.append(.atLeast("updated_at", StoreValue(updatedAtStart))) }
        if let updatedAtEnd { conditions.append(.below("updated_at", StoreValue(updatedAtEnd))) }
        return conditions
    }

    var sort: [(column: String, ascending: Bool)] {
        switch order {
        case .createdAt(let ascending): [("created_at", ascending), ("id", ascending)]
        case .updatedAt(let ascending): [("updated_at", ascending), ("id", ascending)]
        }
    }
}

extension PlatformStore {
    /// The job `id`; `nil` when there is none.
    package func job(_ id: JobID) async throws -> Job? {
        try await record(Job.self, [.equals("id", .integer(id.rawValue))])
    }

    /// Jobs that `filter` selects, in its order.
    package func jobs(_ filter: JobFilter = JobFilter(), page: Page = .all) async throws -> [Job] {
        try await records(Job.self, page.applied(to: StoreQuery(filter.conditions, order: filter.sort)))
    }

    /// How many jobs `filter` selects.
    package func countJobs(_ filter: JobFilter = JobFilter()) async throws -> Int {
        try await count(in: .jobs, filter.conditions)
    }

    /// The job's attempts, first first.
    package func attempts(of job: JobID) async throws -> [Attempt] {
        try await records(Attempt.self, StoreQuery([.equals("job_id", .integer(job.rawValue))], order: [("number", true)]))
    }

    /// Attempt `number` of the job; `nil` when there is none.
    package func attempt(of job: JobID, number: Int) async throws -> Attempt? {
        try await record(Attempt.self, [.equals("job_id", .integer(job.rawValue)), .equals("number", .integer(Int64(number)))])
    }

    /// The attempts of each of `jobs`, first first, in one query (for lists of jobs with their counts).
    package func attempts(ofJobs jobs: [JobID]) async throws -> [JobID: [Attempt]] {
        guard !jobs.isEmpty else { return [:] }
        let attempts = try await records(
            Attempt.self,
            StoreQuery(
                [.isIn("job_id", jobs.map { .integer($0.rawValue) })],
                order: [("job_id", true), ("number", true)]))
        return Dictionary(grouping: attempts, by: \.jobID)
    }

    /// The latest job (of `types` when given) of each of `connections` that has one.
    package func latestJobs(of connections: [ConnectionID], types: [JobType]? = nil) async throws -> [ConnectionID: Job] {
        var latest: [ConnectionID: Job] = [:]
        for connection in connections {
            if let job = try await latestJob(of: connection, types: types) { latest[connection] = job }
        }
        return latest
    }

    /// The connection's latest job (of `types` when given); `nil` when it has none.
    package func latestJob(of connection: ConnectionID, types: [JobType]? = nil) async throws -> Job? {
        try await jobs(JobFilter(connections: [connection], types: types), page: Page(limit: 1)).first
    }
}
