import Foundation
import Hummingbird
import Platform
import PlatformStore

/// The home page: the connections, a page at a time.
struct ConnectionsView {
    struct Row {
        var connectionID: String
        var name: String
        var sourceName: String
        var destinationName: String
        var status: StatusBadge
        var canSync: Bool
        var schedule: String
        var nextRun: String?
        var nextRunTitle: String?
        var nextRunMachine: String?
        var job: JobCell?
        var records: String
        var duration: String
    }

    struct JobCell {
        var jobID: String
        var jobStatus: StatusBadge
        var when: String
        var whenTitle: String
        var whenMachine: String
    }

    var rows: [Row]
    var hasRows: Bool
    var pager: PagerView?
    var csrf: String

    init(_ page: ConnectionOverviewPage, number: Int, size: Int, csrf: String, service: PlatformService, now: Date) {
        rows = page.connections.map { overview in
            let connection = overview.connection
            let job = overview.latestJob
            return Row(
                connectionID: connection.id.description, name: connection.name,
                sourceName: overview.source?.name ?? "?", destinationName: overview.destination?.name ?? "?",
                status: StatusBadge(connection: connection), canSync: connection.status == .active || connection.status == .inactive,
                schedule: ScheduleText.words(connection.schedule),
                nextRun: overview.nextRun.map { $0 <= now ? "due now" : Format.relative($0, now: now) },
                nextRunTitle: overview.nextRun.map(Format.dateTime), nextRunMachine: overview.nextRun.map(Format.machineDateTime),
                job: job.map { details in
                    let when = details.job.endedAt ?? details.job.startedAt ?? details.job.createdAt
                    return JobCell(
                        jobID: details.job.id.description, jobStatus: StatusBadge(job: details.job.status),
                        when: Format.relative(when, now: now), whenTitle: Format.dateTime(when),
                        whenMachine: Format.machineDateTime(when))
                },
                records: job.map { Format.count($0.totals.recordsCommitted) } ?? "–",
                duration: job.flatMap { $0.duration(now: now) }.map(Format.duration) ?? "–")
        }
        hasRows = !rows.isEmpty
        pager = PagerView(label: "Pages of connections", number: number, size: size, total: page.total) { "/?page=\($0)" }
        self.csrf = csrf
    }
}

/// `/`: the connections.
struct ConnectionsRoutes {
    let ui: PlatformUI

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/") { request in
            let number = PagerView.number(request.query)
            let size = ui.options.pageSize
            let page = try await ui.service.connectionOverviews(page: Page(limit: size, offset: (number - 1) * size))
            let view = ConnectionsView(page, number: number, size: size, csrf: request.csrf, service: ui.service, now: request.now)
            return .page(HTMLPage(title: "Connections", section: .connections, body: ui.renderer.render("connections", view)))
        }
        ConnectionRoutes(ui: ui).add(to: routes)
    }
}
