import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore
import Schedule

/// A connection's name, namespace and prefix, as the settings form shows them.
struct ConnectionSettingsView {
    var name: String
    var isDestination: Bool
    var isSource: Bool
    var isCustom: Bool
    var namespaceFormat: String
    var prefix: String

    init(name: String, namespace: NamespaceDefinition, format: String?, prefix: String) {
        self.name = name
        isDestination = namespace == .destination
        isSource = namespace == .source
        isCustom = namespace == .customFormat
        namespaceFormat = format ?? ""
        self.prefix = prefix
    }

    /// The settings a posted form asks for.
    static func settings(from form: FormData) -> (name: String?, namespace: NamespaceDefinition, format: String?, prefix: String) {
        let namespace: NamespaceDefinition =
            switch form["namespace_definition"] {
            case "source": .source
            case "custom_format": .customFormat
            default: .destination
            }
        return (form.trimmed("name"), namespace, form.trimmed("namespace_format"), form.trimmed("prefix") ?? "")
    }
}

/// The connection page: what it syncs and how, when, and what its jobs did; each part editable.
struct ConnectionView {
    var connectionID: String
    var name: String
    var status: StatusBadge
    var statusReason: String?
    var isActive: Bool
    var canSync: Bool
    var sourceName: String
    var sourceHref: String
    var destinationName: String
    var destinationHref: String
    var scheduleWords: String
    var nextRuns: [String]
    var hasNextRuns: Bool
    var scheduleEditor: ScheduleEditorView
    var streamsEditor: StreamsEditorView
    var selectedCount: String
    var settings: ConnectionSettingsView
    var hasProblems: Bool
    var problemTitle: String
    var problems: [String]
    var jobs: [JobRowView]
    var hasJobs: Bool
    var jobsPager: PagerView?
    var chart: Markup?
    var csrf: String

    static func zone(of schedule: ConnectionSchedule) -> (zone: TimeZone, name: String) {
        if case .cron(_, let name) = schedule, let zone = try? CronSchedule.timeZone(named: name) { return (zone, name) }
        return (CronSchedule.utc, "UTC")
    }
}

/// What a connection page shows besides the stored connection: edits that failed, with their problems.
struct ConnectionPageEdits {
    var schedule: ScheduleForm?
    var streams: [ConfiguredStream]?
    var settings: ConnectionSettingsView?
    var problems: [String] = []
    var status: HTTPResponse.Status = .ok
}

/// `/connections/:id` and its actions: sync now, enable/disable, reset, delete, and the editors' posts.
struct ConnectionRoutes {
    let ui: PlatformUI

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/connections/:id") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            return .page(try await page(connection, request: request))
        }

        routes.post("/connections/:id/sync") { request in
            let id = try connectionID(request)
            let enqueued = try await ui.service.triggerJob(id)
            return .redirect(
                "/jobs/\(enqueued.job.id)", .notice(enqueued.isNew ? "Sync started." : "A sync was already waiting: it runs next."))
        }

        routes.post("/connections/:id/status") { request in
            let id = try connectionID(request)
            let status: ConnectionStatus = request.form["status"] == "active" ? .active : .inactive
            let connection = try await ui.service.updateConnection(id, settings: ConnectionSettings(status: status))
            return .redirect(
                "/connections/\(id)",
                .notice(status == .active ? "Enabled \(connection.name)." : "Disabled \(connection.name): it will not sync by itself."))
        }

        routes.get("/connections/:id/reset") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            let view = ConfirmView(
                title: "Reset the data of \(connection.name)?",
                question:
                    "Reset \(connection.name)? Its saved state is dropped and its tables in the destination are emptied; the next sync reads everything again.",
                consequences: connection.selectedStreams.map { "Stream " + StreamText.label($0.name, namespace: $0.namespace) },
                action: "/connections/\(connection.id)/reset", confirmLabel: "Reset data", cancelHref: "/connections/\(connection.id)",
                csrf: request.csrf)
            return .page(HTMLPage(title: view.title, section: .connections, body: ui.renderer.render("confirmDelete", view)))
        }

        routes.post("/connections/:id/reset") { request in
            let id = try connectionID(request)
            let enqueued = try await ui.service.triggerJob(id, type: .reset)
            return .redirect("/jobs/\(enqueued.job.id)", .notice("Reset started."))
        }

        routes.get("/connections/:id/delete") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            let view = ConfirmView(
                title: "Delete \(connection.name)?",
                question:
                    "Delete the connection \(connection.name)? It stops syncing and its waiting or running jobs are cancelled. The data already in the destination stays.",
                consequences: [], action: "/connections/\(connection.id)/delete", confirmLabel: "Delete connection",
                cancelHref: "/connections/\(connection.id)", csrf: request.csrf)
            return .page(HTMLPage(title: view.title, section: .connections, body: ui.renderer.render("confirmDelete", view)))
        }

        routes.post("/connections/:id/delete") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            try await ui.service.deleteConnection(connection.id)
            return .redirect("/", .notice("Deleted the connection \(connection.name)."))
        }

        routes.post("/connections/:id/schedule") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            let form = ScheduleForm(request.form)
            switch form.preview(service: ui.service, now: request.now) {
            case .success(let (schedule, _)):
                _ = try await ui.service.updateConnection(connection.id, settings: ConnectionSettings(schedule: schedule))
                return .redirect("/connections/\(connection.id)#schedule", .notice("Saved the schedule: \(ScheduleText.words(schedule))."))
            case .failure(let problem):
                return .page(
                    try await page(
                        connection, request: request,
                        edits: ConnectionPageEdits(
                            schedule: form, problems: ["The schedule was not saved: \(problem.message)"], status: .unprocessableContent)))
            }
        }

        routes.post("/connections/:id/schedule/preview") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            return .page(try await page(connection, request: request, edits: ConnectionPageEdits(schedule: ScheduleForm(request.form))))
        }

        routes.post("/connections/:id/streams") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            let (streams, problems) = StreamsEditorView.streams(from: request.form, previous: connection.streams)
            if problems.isEmpty {
                do {
                    _ = try await ui.service.updateConnection(connection.id, settings: ConnectionSettings(streams: streams))
                    return .redirect("/connections/\(connection.id)#streams-section", .notice("Saved the streams."))
                } catch let error as PlatformError where error.code == .invalidInput {
                    return .page(
                        try await page(
                            connection, request: request,
                            edits: ConnectionPageEdits(
                                streams: streams, problems: error.problems.isEmpty ? [error.message] : error.problems,
                                status: .unprocessableContent)))
                }
            }
            return .page(
                try await page(
                    connection, request: request,
                    edits: ConnectionPageEdits(
                        streams: streams, problems: problems, status: .unprocessableContent)))
        }

        routes.post("/connections/:id/settings") { request in
            let connection = try await ui.service.existingConnection(try connectionID(request))
            let (name, namespace, format, prefix) = ConnectionSettingsView.settings(from: request.form)
            let shown = ConnectionSettingsView(name: name ?? "", namespace: namespace, format: format, prefix: prefix)
            guard let name else {
                return .page(
                    try await page(
                        connection, request: request,
                        edits: ConnectionPageEdits(
                            settings: shown, problems: ["Name is required."], status: .unprocessableContent)))
            }
            do {
                _ = try await ui.service.updateConnection(
                    connection.id,
                    settings: ConnectionSettings(
                        name: name, namespaceDefinition: namespace, namespaceFormat: format ?? "", prefix: prefix))
                return .redirect("/connections/\(connection.id)#settings", .notice("Saved the settings."))
            } catch let error as PlatformError where error.code == .invalidInput {
                return .page(
                    try await page(
                        connection, request: request,
                        edits: ConnectionPageEdits(
                            settings: shown, problems: error.problems.isEmpty ? [error.message] : error.problems,
                            status: .unprocessableContent)))
            }
        }
    }

    /// The connection page, with `edits` that failed shown as they were typed.
    func page(_ connection: SavedConnection, request: UIRequest, edits: ConnectionPageEdits = ConnectionPageEdits()) async throws
        -> HTMLPage
    {
        let now = request.now
        let number = PagerView.number(request.query)
        let size = ui.options.pageSize
        let history = try await ui.service.jobHistory(of: connection.id, page: Page(limit: size, offset: (number - 1) * size))
        let recent =
            number == 1 && size >= 30
            ? Array(history.jobs.prefix(30))
            : try await ui.service.jobHistory(of: connection.id, page: Page(limit: 30)).jobs
        let source = try await ui.store.source(connection.sourceID)
        let destination = try await ui.store.destination(connection.destinationID)
        let destinationModes = try? await ui.service.supportedDestinationModes(connection.destinationID)
        let nextRuns = try await nextRuns(of: connection, now: now)
        let zone = ConnectionView.zone(of: connection.schedule)
        let streams = edits.streams ?? connection.streams
        let id = connection.id
        let view = ConnectionView(
            connectionID: id.description, name: connection.name, status: StatusBadge(connection: connection),
            statusReason: connection.statusReason, isActive: connection.status == .active,
            canSync: connection.status == .active || connection.status == .inactive,
            sourceName: source?.name ?? "?", sourceHref: "/sources/\(connection.sourceID)",
            destinationName: destination?.name ?? "?", destinationHref: "/destinations/\(connection.destinationID)",
            scheduleWords: ScheduleText.words(connection.schedule),
            nextRuns: nextRuns.map { Format.scheduleTime($0, zone: zone.zone, zoneName: zone.name) }, hasNextRuns: !nextRuns.isEmpty,
            scheduleEditor: ScheduleEditorView(form: edits.schedule ?? ScheduleForm(connection.schedule), service: ui.service, now: now),
            streamsEditor: StreamsEditorView(streams: streams, catalog: connection.catalog, destinationModes: destinationModes ?? nil),
            selectedCount: "\(streams.filter(\.selected).count) of \(streams.count) streams",
            settings: edits.settings
                ?? ConnectionSettingsView(
                    name: connection.name, namespace: connection.namespaceDefinition,
                    format: connection.namespaceFormat, prefix: connection.prefix),
            hasProblems: !edits.problems.isEmpty,
            problemTitle: edits.problems.count == 1 ? "That was not saved:" : "That was not saved, for \(edits.problems.count) reasons:",
            problems: edits.problems,
            jobs: history.jobs.map { JobRowView($0, now: now) }, hasJobs: !history.jobs.isEmpty,
            jobsPager: PagerView(
                label: "Pages of jobs", number: number, size: size, total: history.total,
                previousLabel: "Newer", nextLabel: "Older"
            ) { "/connections/\(id)?page=\($0)#jobs" },
            chart: JobChart(jobs: recent, now: now).markup, csrf: request.csrf)
        return HTMLPage(title: connection.name, section: .connections, body: ui.renderer.render("connection", view), status: edits.status)
    }

    /// The connection's next five runs by its schedule (the first may be due now).
    func nextRuns(of connection: SavedConnection, now: Date) async throws -> [Date] {
        guard connection.status == .active, connection.schedule != .manual,
            let schedule = try? connection.schedule.schedule()
        else { return [] }
        let lastSync = try await ui.store.latestJob(of: connection.id, types: [.sync])?.createdAt
        guard let first = ui.service.nextRun(of: connection, lastSync: lastSync) else { return [] }
        return [first] + schedule.nextRuns(after: max(first, now), count: 4)
    }

    func connectionID(_ request: UIRequest) throws -> ConnectionID {
        guard let id = ConnectionID(try request.parameter("id")) else { throw UIError.notFound("There is no such connection.") }
        return id
    }
}
