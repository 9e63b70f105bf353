import AirbyteProtocol
import Foundation
import Hummingbird
import Notifications
import Platform
import PlatformStore

/// The configuration API's calls (`POST /api/v1/...`, a JSON body each) that
/// the seed guide and Dagster make: listing sources and destinations,
/// creating, reading, updating, syncing and resetting connections, reading
/// and cancelling jobs — `jobs/get` with each attempt's log lines, as Airbyte
/// returns them — reading a connection's state, and testing a webhook.
struct ConfigAPIRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        post(routes, "sources/list") { body in
            let workspace = try await workspaceID(body)
            let definitions = try await DefinitionLookup(store: api.store)
            var items: [JSONValue] = []
            for source in try await api.store.sources(workspaces: [workspace]) {
                items.append(source.configAPI(definition: try await definitions[source.definitionID]))
            }
            return ["sources": .array(items)]
        }
        post(routes, "sources/get") { body in
            let id = try body.required("sourceId") { key throws(APIProblem) in try body.id(key, as: SourceID.self) }
            let source = try await api.service.existingSource(id)
            return source.configAPI(definition: try await api.store.definition(source.definitionID))
        }
        post(routes, "destinations/list") { body in
            let workspace = try await workspaceID(body)
            let definitions = try await DefinitionLookup(store: api.store)
            var items: [JSONValue] = []
            for destination in try await api.store.destinations(workspaces: [workspace]) {
                items.append(destination.configAPI(definition: try await definitions[destination.definitionID]))
            }
            return ["destinations": .array(items)]
        }
        post(routes, "destinations/get") { body in
            let id = try body.required("destinationId") { key throws(APIProblem) in try body.id(key, as: DestinationID.self) }
            let destination = try await api.service.existingDestination(id)
            return destination.configAPI(definition: try await api.store.definition(destination.definitionID))
        }
        post(routes, "connections/create") { body in
            let sourceID = try body.required("sourceId") { key throws(APIProblem) in try body.id(key, as: SourceID.self) }
            let destinationID = try body.required("destinationId") { key throws(APIProblem) in
                try body.id(key, as: DestinationID.self)
            }
            let connection = try await api.service.createConnection(
                source: sourceID, destination: destinationID,
                settings: try ConnectionSettings.fromConfigAPI(body))
            return connection.configAPI(now: api.now)
        }
        post(routes, "connections/update") { body in
            let id = try connectionID(body)
            return try await api.service.updateConnection(id, settings: try ConnectionSettings.fromConfigAPI(body)).configAPI(now: api.now)
        }
        post(routes, "connections/get") { body in
            let id = try connectionID(body)
            guard let connection = try await api.store.connection(id) else { throw APIProblem.notFound("connection", id: id.description) }
            return connection.configAPI(now: api.now)
        }
        post(routes, "connections/list") { body in
            let workspace = try await workspaceID(body)
            let connections = try await api.store.connections(
                workspaces: [workspace],
                includeDeleted: try body.bool("includeTombstone") ?? false)
            let now = api.now
            return ["connections": .array(connections.map { $0.configAPI(now: now) })]
        }
        post(routes, "connections/delete") { body in
            try await api.service.deleteConnection(try connectionID(body))
            return nil
        }
        post(routes, "connections/sync") { body in
            let job = try await api.service.triggerJob(try connectionID(body), type: .sync).job
            return try await jobInfo(job, logs: false)
        }
        post(routes, "connections/reset") { body in
            let job = try await api.service.triggerJob(try connectionID(body), type: .reset).job
            return try await jobInfo(job, logs: false)
        }
        post(routes, "connections/clear") { body in
            let job = try await api.service.triggerJob(try connectionID(body), type: .clear).job
            return try await jobInfo(job, logs: false)
        }
        post(routes, "jobs/get") { body in
            try await jobInfo(try await existingJob(body), logs: true)
        }
        post(routes, "jobs/get_without_logs") { body in
            try await jobInfo(try await existingJob(body), logs: false)
        }
        post(routes, "jobs/cancel") { body in
            let job = try await existingJob(body)
            guard !job.status.isTerminal else {
                throw APIProblem.stateConflict("Job is not currently running: job \(job.id) already \(job.status.rawValue)")
            }
            return try await jobInfo(try await api.service.cancelJob(job.id), logs: false)
        }
        post(routes, "jobs/list") { body in try await listJobs(body) }
        post(routes, "state/get") { body in
            let id = try connectionID(body)
            return ConnectionStateAPI.json(try await api.service.connectionState(id), connection: id)
        }
        post(routes, "notifications/try_webhook") { body in try await tryWebhook(body) }
    }

    /// `notifications/try_webhook`: `{notificationTrigger, slackConfiguration{webhook}}` → a test
    /// message posted once to the webhook, and `NotificationRead{status, message}` saying how it went
    /// (a webhook that fails is an answer, not an error, as in Airbyte).
    private func tryWebhook(_ body: JSONFields) async throws -> JSONValue {
        let slack = try body.required("slackConfiguration") { key throws(APIProblem) in try body.object(key) }
        let url = try slack.required("webhook") { key throws(APIProblem) in try slack.string(key) }
        let trigger = try body.string("notificationTrigger")
        let event = trigger.flatMap(NotificationEvent.init(rawValue:))
        do {
            let delivery = try await api.notifier.sendTest(to: url, for: event)
            return ["status": "succeeded", "message": .string("the webhook answered \(delivery.status)")]
        } catch {
            return ["status": "failed", "message": .string(error.description)]
        }
    }

    /// Registers `POST path`, whose handler reads the JSON body and answers JSON (or 204 for `nil`).
    private func post(
        _ routes: some RouterMethods<APIRequestContext>, _ path: String,
        _ handler: @escaping @Sendable (JSONFields) async throws -> JSONValue?
    ) {
        routes.post(RouterPath(path)) { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            guard let answer = try await handler(body) else { return JSONResponse.noContent() }
            return JSONResponse.make(answer)
        }
    }

    private func workspaceID(_ body: JSONFields) async throws -> WorkspaceID {
        let id = try body.required("workspaceId") { key throws(APIProblem) in try body.id(key, as: WorkspaceID.self) }
        return try await api.service.workspace(id).id
    }

    private func connectionID(_ body: JSONFields) throws(APIProblem) -> ConnectionID {
        try body.required("connectionId") { key throws(APIProblem) in try body.id(key, as: ConnectionID.self) }
    }

    private func existingJob(_ body: JSONFields) async throws -> Job {
        let id = try body.required("id") { key throws(APIProblem) in try body.int64(key) }
        guard let job = try await api.store.job(JobID(id)) else { throw APIProblem.notFound("job", id: String(id)) }
        return job
    }

    /// `JobInfoRead`: the job and its attempts, each with its log lines when `logs`.
    private func jobInfo(_ job: Job, logs: Bool) async throws -> JSONValue {
        let attempts = try await api.store.attempts(of: job.id)
        var infos: [JSONValue] = []
        for attempt in attempts {
            var info: JSONObject = ["attempt": attempt.configAPI]
            if logs {
                info["logType"] = "formatted"
                info["logs"] = ["logLines": .array(try await logLines(attempt).map(JSONValue.string))]
            }
            infos.append(.object(info))
        }
        return ["job": job.configAPI(attempts: attempts), "attempts": .array(infos)]
    }

    /// The last ``AttemptLogReader/maximumBytes`` of an attempt's log, as lines (secrets were masked when written).
    private func logLines(_ attempt: Attempt) async throws -> [String] {
        guard let path = attempt.logPath else { return [] }
        return try AttemptLogReader.lines(atPath: api.service.configuration.absolutePath(path))
    }

    /// `jobs/list`: `{configTypes, configId, pagination{pageSize, rowOffset}, statuses, …}` → `{jobs, totalJobCount}`.
    private func listJobs(_ body: JSONFields) async throws -> JSONValue {
        let configTypes = try body.required("configTypes") { key throws(APIProblem) in try body.strings(key) }
        var filter = JobFilter(
            types: configTypes.compactMap(JobType.init(configType:)),
            order: .createdAt(ascending: false))
        if let configID = try body.string("configId") {
            guard let id = ConnectionID(configID) else {
                throw APIProblem.badRequest("configId must be a connection's UUID, not \(configID.debugDescription)")
            }
            filter.connections = [id]
        }
        if let statuses = try body.strings("statuses") {
            filter.statuses = try statuses.compactMap { text throws(APIProblem) in
                try JSONFields.enumValue(text, as: PublicJobStatus.self, at: "statuses").stored.first
            }
        }
        for (key, path) in [
            ("createdAtStart", \JobFilter.createdAtStart), ("createdAtEnd", \.createdAtEnd),
            ("updatedAtStart", \.updatedAtStart), ("updatedAtEnd", \.updatedAtEnd),
        ] {
            if let text = try body.string(key) {
                guard let date = APIDates.parse(text) else { throw APIProblem.badRequest("\(key) must be an ISO 8601 time") }
                filter[keyPath: path] = date
            }
        }
        let ascending = (try body.string("orderByMethod"))?.uppercased() == "ASC"
        filter.order =
            (try body.string("orderByField")) == "updatedAt"
            ? .updatedAt(ascending: ascending)
            : .createdAt(ascending: ascending)
        let pagination = try body.object("pagination")
        let page = Page(limit: try pagination?.int("pageSize") ?? 200, offset: try pagination?.int("rowOffset") ?? 0)
        if filter.types?.isEmpty == true || filter.statuses?.isEmpty == true { return ["jobs": [], "totalJobCount": 0] }
        var jobs: [JSONValue] = []
        for job in try await api.store.jobs(filter, page: page) {
            let attempts = try await api.store.attempts(of: job.id)
            jobs.append(["job": job.configAPI(attempts: attempts), "attempts": .array(attempts.map(\.configAPI))])
        }
        return ["jobs": .array(jobs), "totalJobCount": .number(String(try await api.store.countJobs(filter)))]
    }
}

/// Reads attempt log files for the API.
enum AttemptLogReader {
    /// The most of a log returned: its end, when it is longer.
    static let maximumBytes = 8 * 1024 * 1024

    /// The lines of the log at `path`; none when it does not exist (yet).
    static func lines(atPath path: String) throws -> [String] {
        guard let handle = FileHandle(forReadingAtPath: path) else { return [] }
        defer { try? handle.close() }
        let size = try handle.seekToEnd()
        let start = size > UInt64(maximumBytes) ? size - UInt64(maximumBytes) : 0
        try handle.seek(toOffset: start)
        let data = try handle.readToEnd() ?? Data()
        var lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if start > 0, !lines.isEmpty { lines[0] = "[… the log's first \(start) bytes are not shown]" }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
