import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore

/// Setting up a connection: pick a source and a destination, discover the
/// source's streams (a progress note while the source runs), choose streams,
/// modes and a schedule, create it and, if asked, sync at once.
struct NewConnectionRoutes {
    let ui: PlatformUI

    struct PickView {
        struct Option {
            var value: String
            var label: String
            var selected: Bool
        }

        var sources: [Option]
        var destinations: [Option]
        var canPick: Bool
        var hasSources: Bool
        var hasDestinations: Bool
    }

    struct ConfigureView {
        var sourceID: String
        var destinationID: String
        var sourceName: String
        var destinationName: String
        var discoveredAt: String
        var refreshHref: String
        var hasProblems: Bool
        var problemTitle: String
        var problems: [String]
        var settings: ConnectionSettingsView
        var streamsEditor: StreamsEditorView
        var scheduleEditor: ScheduleEditorView
        var syncNow: Bool
        var csrf: String
    }

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/connections/new") { request in
            let workspace = try await ui.service.workspace(nil).id
            let sources = try await ui.store.sources(workspaces: [workspace])
            let destinations = try await ui.store.destinations(workspaces: [workspace])
            let view = PickView(
                sources: sources.map {
                    .init(value: $0.id.description, label: $0.name, selected: $0.id.description == request.query["source"])
                },
                destinations: destinations.map {
                    .init(value: $0.id.description, label: $0.name, selected: $0.id.description == request.query["destination"])
                },
                canPick: !sources.isEmpty && !destinations.isEmpty, hasSources: !sources.isEmpty, hasDestinations: !destinations.isEmpty)
            return .page(HTMLPage(title: "New connection", section: .connections, body: ui.renderer.render("newConnection", view)))
        }

        routes.get("/connections/new/streams") { request in
            guard let source = request.query["source"].flatMap(SourceID.init),
                let destination = request.query["destination"].flatMap(DestinationID.init)
            else {
                return .redirect("/connections/new", .alert("Pick a source and a destination."))
            }
            let proposal = try await ui.service.proposeStreams(
                source: source, destination: destination,
                ignoreCache: request.query["refresh"] == "1")
            let sourceName = try await ui.service.existingSource(source).name
            let destinationName = try await ui.service.existingDestination(destination).name
            return .page(
                configure(
                    source: source, destination: destination, sourceName: sourceName, destinationName: destinationName,
                    proposal: proposal, streams: proposal.streams,
                    settings: ConnectionSettingsView(
                        name: "\(sourceName) → \(destinationName)", namespace: .destination,
                        format: nil, prefix: ""),
                    schedule: ScheduleForm(.manual), syncNow: true, problems: [], request: request))
        }

        routes.post("/connections") { request in
            let form = request.form
            guard let source = form["source"].flatMap(SourceID.init), let destination = form["destination"].flatMap(DestinationID.init)
            else {
                return .redirect("/connections/new", .alert("Pick a source and a destination."))
            }
            let proposal = try await ui.service.proposeStreams(source: source, destination: destination)
            let (streams, streamProblems) = StreamsEditorView.streams(from: form, previous: proposal.streams)
            let (name, namespace, format, prefix) = ConnectionSettingsView.settings(from: form)
            let scheduleForm = ScheduleForm(form)
            let syncNow = form["sync_now"] == "true"
            var problems = streamProblems
            var schedule: ConnectionSchedule?
            switch scheduleForm.preview(service: ui.service, now: request.now) {
            case .success(let (checked, _)): schedule = checked
            case .failure(let problem): problems.append("Schedule: \(problem.message)")
            }
            if name == nil { problems.append("Name is required.") }
            if problems.isEmpty, let schedule {
                do {
                    let connection = try await ui.service.createConnection(
                        source: source, destination: destination,
                        settings: ConnectionSettings(
                            name: name, streams: streams, namespaceDefinition: namespace, namespaceFormat: format, prefix: prefix,
                            schedule: schedule))
                    if syncNow {
                        let job = try await ui.service.triggerJob(connection.id).job
                        return .redirect("/jobs/\(job.id)", .notice("Created \(connection.name); its first sync started."))
                    }
                    return .redirect("/connections/\(connection.id)", .notice("Created \(connection.name)."))
                } catch let error as PlatformError where error.code == .invalidInput {
                    problems += error.problems.isEmpty ? [error.message] : error.problems
                }
            }
            let sourceName = try await ui.service.existingSource(source).name
            let destinationName = try await ui.service.existingDestination(destination).name
            var page = configure(
                source: source, destination: destination, sourceName: sourceName, destinationName: destinationName,
                proposal: proposal, streams: streams,
                settings: ConnectionSettingsView(name: name ?? "", namespace: namespace, format: format, prefix: prefix),
                schedule: scheduleForm, syncNow: syncNow, problems: problems, request: request)
            page.status = .unprocessableContent
            return .page(page)
        }
    }

    func configure(
        source: SourceID, destination: DestinationID, sourceName: String, destinationName: String,
        proposal: StreamProposal, streams: [ConfiguredStream], settings: ConnectionSettingsView, schedule: ScheduleForm,
        syncNow: Bool, problems: [String], request: UIRequest
    ) -> HTMLPage {
        let view = ConfigureView(
            sourceID: source.description, destinationID: destination.description, sourceName: sourceName,
            destinationName: destinationName, discoveredAt: Format.dateTime(proposal.discoveredAt),
            refreshHref: "/connections/new/streams?source=\(source)&destination=\(destination)&refresh=1",
            hasProblems: !problems.isEmpty,
            problemTitle: problems.count == 1
                ? "The connection was not created:" : "The connection was not created, for \(problems.count) reasons:",
            problems: problems, settings: settings,
            streamsEditor: StreamsEditorView(streams: streams, catalog: proposal.catalog, destinationModes: proposal.destinationModes),
            scheduleEditor: ScheduleEditorView(form: schedule, service: ui.service, now: request.now), syncNow: syncNow,
            csrf: request.csrf)
        return HTMLPage(title: "New connection", section: .connections, body: ui.renderer.render("configureConnection", view))
    }
}

/// `GET /schedule/preview`: the schedule editor's live preview, as JSON.
struct SchedulePreviewRoutes {
    let ui: PlatformUI

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/schedule/preview") { request in
            .json(SchedulePreviewAnswer(ScheduleForm(request.query), service: ui.service, now: request.now))
        }
    }
}
