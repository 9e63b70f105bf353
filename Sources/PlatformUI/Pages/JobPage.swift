import Foundation
import Hummingbird
import Platform
import PlatformStore

/// The job page: its attempts, each one's counts and failure, and the log of one, followed live while it runs.
struct JobView {
    struct AttemptView {
        var number: Int
        var label: String
        var attemptStatus: StatusBadge
        var started: String
        var duration: String
        var records: String
        var bytes: String
        var streams: [JobRowView.StreamCount]
        var hasStreams: Bool
        var failure: FailureView?
        var href: String
        var downloadHref: String?
        var isShown: Bool
    }

    struct LogView {
        var label: String
        var text: String
        var isEmpty: Bool
        var isPartial: Bool
        var offset: Int64
        var followURL: String?
        var downloadHref: String?
    }

    var jobID: String
    var title: String
    var connectionName: String
    var connectionHref: String
    var jobStatus: StatusBadge
    var isLive: Bool
    var canCancel: Bool
    var created: String
    var started: String
    var ended: String
    var duration: String
    var records: String
    var bytes: String
    var nextAttempt: String?
    var cancelRequested: Bool
    var attempts: [AttemptView]
    var hasAttempts: Bool
    var log: LogView?
    var csrf: String

    init(_ details: JobDetails, connection: SavedConnection?, shown: Int?, log chunk: AttemptLogChunk?, csrf: String, now: Date) {
        let job = details.job
        jobID = job.id.description
        title = "\(JobRowView.typeLabel(job.type)) job \(job.id)"
        connectionName = connection?.name ?? "a deleted connection"
        connectionHref = "/connections/\(job.connectionID)"
        jobStatus = StatusBadge(job: job.status)
        isLive = !job.status.isTerminal
        canCancel = !job.status.isTerminal && !job.cancelRequested
        cancelRequested = job.cancelRequested && !job.status.isTerminal
        created = Format.dateTime(job.createdAt)
        started = job.startedAt.map(Format.dateTime) ?? "not yet"
        ended = job.endedAt.map(Format.dateTime) ?? (job.status.isTerminal ? Format.dateTime(job.updatedAt) : "–")
        duration = details.duration(now: now).map(Format.duration) ?? "–"
        let totals = details.totals
        records = Format.count(totals.recordsCommitted)
        bytes = Format.bytes(totals.bytesCommitted)
        nextAttempt =
            job.status == .incomplete
            ? job.nextAttemptAt.map { "Next attempt \(Format.relative($0, now: now)) (\(Format.dateTime($0)))" } : nil
        let count = details.attempts.count
        attempts = details.attempts.map { attempt in
            let start = attempt.createdAt
            let end = attempt.endedAt ?? (attempt.status == .running ? now : attempt.updatedAt)
            return AttemptView(
                number: attempt.number + 1, label: "Attempt \(attempt.number + 1) of \(max(count, job.maxAttempts))",
                attemptStatus: StatusBadge(attempt: attempt.status), started: Format.dateTime(start),
                duration: Format.duration(end.timeIntervalSince(start)),
                records: Format.count(attempt.totals.recordsCommitted), bytes: Format.bytes(attempt.totals.bytesCommitted),
                streams: attempt.streamStats.map {
                    JobRowView.StreamCount(
                        stream: StreamText.label($0.name, namespace: $0.namespace),
                        records: Format.count($0.recordsCommitted), bytes: Format.bytes($0.bytesCommitted))
                },
                hasStreams: !attempt.streamStats.isEmpty, failure: attempt.failure.map(FailureView.init),
                href: "/jobs/\(job.id)?attempt=\(attempt.number + 1)#log",
                downloadHref: attempt.logPath == nil ? nil : "/jobs/\(job.id)/attempts/\(attempt.number + 1)/log",
                isShown: attempt.number == shown)
        }
        hasAttempts = !attempts.isEmpty
        if let shown, let attempt = details.attempts.first(where: { $0.number == shown }) {
            let chunk = chunk ?? .empty(at: 0)
            log = LogView(
                label: "Log of attempt \(shown + 1)", text: chunk.text, isEmpty: chunk.text.isEmpty,
                isPartial: chunk.start > 0, offset: chunk.end,
                followURL: attempt.status == .running ? "/jobs/\(job.id)/follow?attempt=\(shown + 1)" : nil,
                downloadHref: attempt.logPath == nil ? nil : "/jobs/\(job.id)/attempts/\(shown + 1)/log")
        }
        self.csrf = csrf
    }
}

/// What a page following a running job polls for: its status and the log's new lines.
struct JobProgress: Encodable {
    var status: String
    var statusLabel: String
    var terminal: Bool
    var attempts: Int
    var records: String
    var text: String
    var offset: Int64
}

/// `/jobs/:id`, its live part, log downloads and cancel.
struct JobRoutes {
    let ui: PlatformUI

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/jobs/:id") { request in
            let details = try await ui.service.jobDetails(try jobID(request))
            let shown = try attemptNumber(request.query["attempt"], of: details) ?? details.attempts.last?.number
            let attempt = details.attempts.first { $0.number == shown }
            let chunk = try attempt.map { try ui.service.attemptLog($0, from: nil) }
            let connection = try await ui.store.connection(details.job.connectionID)
            let view = JobView(details, connection: connection, shown: shown, log: chunk, csrf: request.csrf, now: request.now)
            return .page(
                HTMLPage(
                    title: view.title, section: .connections, body: ui.renderer.render("job", view),
                    autoRefresh: view.isLive ? 5 : nil))
        }

        routes.post("/jobs/:id/cancel") { request in
            let job = try await ui.service.cancelJob(try jobID(request))
            let text = job.status.isTerminal ? "Cancelled the job." : "Asked the job to stop: both connectors are stopping."
            return .redirect("/jobs/\(job.id)", .notice(text))
        }

        routes.get("/jobs/:id/follow") { request in
            let details = try await ui.service.jobDetails(try jobID(request))
            var text = ""
            var offset = Int64(request.query["offset"] ?? "") ?? 0
            if let number = try attemptNumber(request.query["attempt"], of: details),
                let attempt = details.attempts.first(where: { $0.number == number })
            {
                let chunk = try ui.service.attemptLog(attempt, from: offset)
                text = chunk.text
                offset = chunk.end
            }
            let badge = StatusBadge(job: details.job.status)
            return .json(
                JobProgress(
                    status: details.job.status.rawValue, statusLabel: badge.label,
                    terminal: details.job.status.isTerminal, attempts: details.attempts.count,
                    records: Format.count(details.totals.recordsCommitted), text: text, offset: offset))
        }

        routes.get("/jobs/:id/attempts/:number/log") { request in
            let details = try await ui.service.jobDetails(try jobID(request))
            guard let number = try attemptNumber(request.parameters.get("number"), of: details),
                let attempt = details.attempts.first(where: { $0.number == number }),
                let path = ui.service.attemptLogFile(attempt)
            else {
                throw UIError.notFound("This attempt has no log.")
            }
            let body = try await request.fileBody(path)
            return .response(
                Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/plain; charset=utf-8",
                        .contentDisposition: "attachment; filename=\"job-\(details.job.id)-attempt-\(number + 1).log\"",
                    ],
                    body: body))
        }
    }

    func jobID(_ request: UIRequest) throws -> JobID {
        guard let raw = Int64(try request.parameter("id")), raw > 0 else { throw UIError.notFound("There is no such job.") }
        return JobID(raw)
    }

    /// The attempt number (from 0) a 1-based `text` names; `nil` when none is asked for.
    func attemptNumber(_ text: String?, of details: JobDetails) throws -> Int? {
        guard let text else { return nil }
        guard let number = Int(text), details.attempts.contains(where: { $0.number == number - 1 }) else {
            throw UIError.notFound("Job \(details.job.id) has no attempt \(text).")
        }
        return number - 1
    }
}
