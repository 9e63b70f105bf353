import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore

/// `/jobs`: list (filtered, paged, ordered), trigger (`POST {connectionId,
/// jobType}`; a sync asked for while one waits returns the waiting one), get,
/// and cancel (`DELETE`, which stops a running job's connectors cleanly and keeps every committed state).
struct JobRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get { request, _ in
            let query = QueryParameters(request)
            let page = try query.page()
            var filter = JobFilter(order: try Self.order(query.string("orderBy")))
            if let connection = try query.id("connectionId", as: ConnectionID.self) { filter.connections = [connection] }
            filter.workspaces = try query.ids("workspaceIds", as: WorkspaceID.self)
            if let type = try query.enumValue("jobType", as: JobType.self) { filter.types = [type] }
            if let status = try query.enumValue("status", as: PublicJobStatus.self) {
                guard !status.stored.isEmpty else { return listResponse([], request: request, page: page, hasMore: false) }
                filter.statuses = status.stored
            }
            filter.createdAtStart = try query.date("createdAtStart")
            filter.createdAtEnd = try query.date("createdAtEnd")
            filter.updatedAtStart = try query.date("updatedAtStart")
            filter.updatedAtEnd = try query.date("updatedAtEnd")
            let slice = PageSlice(try await api.store.jobs(filter, page: page.probing), page: page)
            var items: [JSONValue] = []
            for job in slice.items { items.append(job.publicAPI(attempts: try await api.store.attempts(of: job.id))) }
            return listResponse(items, request: request, page: page, hasMore: slice.hasMore)
        }
        routes.post { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            let connectionID = try body.required("connectionId") { key throws(APIProblem) in try body.id(key, as: ConnectionID.self) }
            let type = try body.required("jobType") { key throws(APIProblem) in try body.enumValue(key, as: JobType.self) }
            guard let connection = try await api.store.connection(connectionID), connection.status != .deprecated else {
                throw APIProblem.notFound("connection", id: connectionID.description)
            }
            let job = try await api.service.triggerJob(connectionID, type: type).job
            return JSONResponse.make(job.publicAPI(attempts: try await api.store.attempts(of: job.id)))
        }
        routes.get(":jobId") { _, context in
            let job = try await existingJob(context)
            return JSONResponse.make(job.publicAPI(attempts: try await api.store.attempts(of: job.id)))
        }
        routes.delete(":jobId") { _, context in
            let job = try await existingJob(context)
            guard !job.status.isTerminal else {
                throw APIProblem.stateConflict("Job is not currently running: job \(job.id) already \(job.status.rawValue)")
            }
            let cancelled = try await api.service.cancelJob(job.id)
            return JSONResponse.make(cancelled.publicAPI(attempts: try await api.store.attempts(of: job.id)))
        }
    }

    private func existingJob(_ context: APIRequestContext) async throws -> Job {
        let text = context.parameters.get("jobId") ?? ""
        guard let number = Int64(text) else {
            throw APIProblem.badRequest("jobId in the path must be an integer, not \(text.debugDescription)")
        }
        guard let job = try await api.store.job(JobID(number)) else { throw APIProblem.notFound("job", id: text) }
        return job
    }

    /// Airbyte's `orderBy`, `field|ASC` or `field|DESC` with field `createdAt` or `updatedAt`; `createdAt|ASC` by default.
    static func order(_ text: String?) throws(APIProblem) -> JobFilter.Order {
        guard let text else { return .createdAt(ascending: true) }
        let parts = text.split(separator: "|").map(String.init)
        guard parts.count == 2, ["ASC", "DESC"].contains(parts[1].uppercased()) else {
            throw APIProblem.badRequest(
                "Invalid order by clause provided: \(text) (expected createdAt|ASC, createdAt|DESC, updatedAt|ASC or updatedAt|DESC)")
        }
        let ascending = parts[1].uppercased() == "ASC"
        switch parts[0].lowercased() {
        case "createdat": return .createdAt(ascending: ascending)
        case "updatedat": return .updatedAt(ascending: ascending)
        default: throw APIProblem.badRequest("Invalid order by clause provided: \(text) (the field is createdAt or updatedAt)")
        }
    }
}

/// The public API's `JobStatusEnum`, which has `queued` where the store has none.
enum PublicJobStatus: String, CaseIterable {
    case pending, queued, running, incomplete, failed, succeeded, cancelled

    /// The stored statuses it selects (`queued`: none, as in Airbyte, whose jobs never show it).
    var stored: [JobStatus] {
        JobStatus(rawValue: rawValue).map { [$0] } ?? []
    }
}
