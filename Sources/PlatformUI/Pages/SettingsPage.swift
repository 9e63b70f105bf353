import Foundation
import Hummingbird
import Logging
import Notifications
import Platform
import PlatformStore

/// `/settings`: where notifications go and when connections are disabled, custom connectors,
/// and (with sign-in on) the API's applications.
struct SettingsRoutes {
    let ui: PlatformUI

    struct View {
        struct Connector {
            var name: String
            var kind: String
            var runs: String
        }

        var webhookURL: String
        var onFailure: Bool
        var onSuccess: Bool
        var onDisabled: Bool
        var failureThreshold: String
        var defaultThreshold: String
        var hasProblems: Bool
        var problemTitle: String
        var problems: [String]
        var testResult: TestResult?
        var connectors: [Connector]
        var hasConnectors: Bool
        var showApplications: Bool
        var applications: [Application]
        var hasApplications: Bool
        var newApplication: NewApplication?
        var csrf: String
    }

    struct Application {
        var applicationID: String
        var name: String
        var clientID: String
        var created: String
    }

    /// A just-made application's credentials: shown on this page only, once.
    struct NewApplication {
        var name: String
        var clientID: String
        var secret: String
    }

    struct TestResult {
        var succeeded: Bool
        var badge: StatusBadge
        var message: String
    }

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/settings") { request in
            let workspace = try await ui.service.workspace(nil)
            return .page(try await page(form: Self.form(of: workspace), problems: [], test: nil, request: request))
        }

        routes.post("/settings/notifications") { request in
            let (notifications, threshold, problems) = read(request.form)
            guard problems.isEmpty else {
                return .page(
                    try await page(form: request.form, problems: problems, test: nil, request: request, status: .unprocessableContent))
            }
            do {
                try await ui.service.updateWorkspace(notifications: notifications, failureThreshold: .some(threshold))
                return .redirect("/settings", .notice("Saved the notification settings."))
            } catch let error as PlatformError where error.code == .invalidInput {
                return .page(
                    try await page(
                        form: request.form, problems: error.problems.isEmpty ? [error.message] : error.problems,
                        test: nil, request: request, status: .unprocessableContent))
            }
        }

        routes.post("/settings/applications") { request in
            guard let applications = ui.options.applications, ui.options.signIn != nil else {
                throw UIError.notFound("API applications are managed here when the server requires credentials.")
            }
            guard let name = request.form.trimmed("name") else {
                return .page(
                    try await page(
                        form: Self.form(of: try await ui.service.workspace(nil)),
                        problems: ["Name the application."], test: nil, request: request, status: .unprocessableContent))
            }
            let (application, secret) = try await applications.create(name)
            return .page(
                try await page(
                    form: Self.form(of: try await ui.service.workspace(nil)), problems: [], test: nil,
                    request: request,
                    created: NewApplication(name: application.name, clientID: application.clientID, secret: secret)))
        }

        routes.post("/settings/applications/:id/delete") { request in
            guard ui.options.applications != nil, ui.options.signIn != nil,
                let id = ApplicationID(try request.parameter("id")), let application = try await ui.store.application(id)
            else {
                throw UIError.notFound("There is no such application.")
            }
            _ = try await ui.store.deleteApplication(id)
            return .redirect(
                "/settings#applications", .notice("Deleted the application \(application.name): its client can no longer get tokens."))
        }

        routes.post("/settings/notifications/test") { request in
            guard let url = request.form.trimmed("webhook_url") else {
                return .page(
                    try await page(
                        form: request.form, problems: ["Write the webhook's URL to send a test to it."], test: nil,
                        request: request, status: .unprocessableContent))
            }
            let result: TestResult
            do {
                let delivery = try await WebhookNotifier(logger: ui.logger).sendTest(to: url)
                result = TestResult(
                    succeeded: true, badge: StatusBadge(check: true),
                    message: "The webhook answered \(delivery.status): the test message was delivered.")
            } catch {
                result = TestResult(succeeded: false, badge: StatusBadge(check: false), message: String(describing: error))
            }
            return .page(try await page(form: request.form, problems: [], test: result, request: request))
        }
    }

    /// The settings form's fields for `workspace`.
    static func form(of workspace: Workspace) -> FormData {
        let settings = workspace.notifications
        let url = settings.failure.webhookURL ?? settings.success.webhookURL ?? settings.syncDisabled.webhookURL ?? ""
        return FormData(fields: [
            ("webhook_url", url), ("on_failure", settings.failure.webhookEnabled ? "true" : "false"),
            ("on_success", settings.success.webhookEnabled ? "true" : "false"),
            ("on_disabled", settings.syncDisabled.webhookEnabled ? "true" : "false"),
            ("failure_threshold", workspace.failureThreshold.map(String.init) ?? ""),
        ])
    }

    /// The settings a posted form asks for: one webhook URL for the events turned on.
    func read(_ form: FormData) -> (NotificationSettings, Int?, [String]) {
        let url = form.trimmed("webhook_url")
        func item(_ name: String) -> NotificationSettings.Item {
            NotificationSettings.Item(webhookEnabled: form[name] == "true" && url != nil, webhookURL: url)
        }
        var problems: [String] = []
        var threshold: Int?
        if let text = form.trimmed("failure_threshold") {
            if let value = Int(text) { threshold = value } else { problems.append("The failure threshold must be a whole number.") }
        }
        if url == nil, ["on_failure", "on_success", "on_disabled"].contains(where: { form[$0] == "true" }) {
            problems.append("Write the webhook's URL, or turn its events off.")
        }
        var settings = NotificationSettings(failure: item("on_failure"), success: item("on_success"), syncDisabled: item("on_disabled"))
        settings.syncDisabledWarning = NotificationSettings.Item(webhookURL: url)
        return (settings, threshold, problems)
    }

    func page(
        form: FormData, problems: [String], test: TestResult?, request: UIRequest,
        status: HTTPResponse.Status = .ok, created: NewApplication? = nil
    ) async throws -> HTMLPage {
        let workspace = try await ui.service.workspace(nil)
        let custom = try await ui.store.definitions(workspace: workspace.id).filter { $0.workspaceID != nil }
        let showApplications = ui.options.applications != nil && ui.options.signIn != nil
        let applications = showApplications ? try await ui.store.applications() : []
        let view = View(
            webhookURL: form["webhook_url"] ?? "", onFailure: form["on_failure"] == "true", onSuccess: form["on_success"] == "true",
            onDisabled: form["on_disabled"] == "true", failureThreshold: form["failure_threshold"] ?? "",
            defaultThreshold: String(ui.service.configuration.failureThreshold),
            hasProblems: !problems.isEmpty, problemTitle: "The settings were not saved:", problems: problems, testResult: test,
            connectors: custom.map { View.Connector(name: $0.displayName, kind: $0.kind.rawValue, runs: ActorForm.packageText($0)) },
            hasConnectors: !custom.isEmpty, showApplications: showApplications,
            applications: applications.map {
                Application(applicationID: $0.id.description, name: $0.name, clientID: $0.clientID, created: Format.dateTime($0.createdAt))
            },
            hasApplications: !applications.isEmpty, newApplication: created, csrf: request.csrf)
        return HTMLPage(title: "Settings", section: .settings, body: ui.renderer.render("settings", view), status: status)
    }
}
