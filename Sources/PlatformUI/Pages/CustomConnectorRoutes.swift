import Foundation
import Hummingbird
import Platform
import PlatformStore

/// `/connectors/new/source` and `/connectors/new/destination`: adding a custom
/// connector (a program on the server, a Docker image, a PyPI package).
struct CustomConnectorRoutes {
    let ui: PlatformUI

    struct View {
        var kind: String
        var action: String
        var csrf: String
        var displayName: String
        var type: String
        var location: String
        var isExecutable: Bool
        var isDocker: Bool
        var isPip: Bool
        var hasProblems: Bool
        var problemTitle: String
        var problems: [String]
    }

    func add<Context>(to routes: UIRouter<Context>) {
        routes.get("/connectors/new/:kind") { request in
            let kind = try self.kind(request)
            return .page(page(kind, form: FormData(), problems: [], csrf: request.csrf))
        }

        routes.post("/connectors/new/:kind") { request in
            let kind = try self.kind(request)
            let form = request.form
            let location = form.trimmed("location") ?? ""
            let runtime: ConnectorRuntime =
                switch form["runtime"] {
                case "docker": .docker(image: location)
                case "pip": .pip(package: location, version: nil)
                default: .executable(path: location)
                }
            do {
                let definition = try await ui.service.createDefinition(
                    kind: kind.definitionKind, type: form.trimmed("type") ?? "", displayName: form.trimmed("display_name") ?? "",
                    runtime: runtime)
                return .redirect("\(kind.path)/new/\(definition.type)", .notice("Added the connector \(definition.displayName)."))
            } catch let error as PlatformError where error.code == .invalidInput || error.code == .conflict {
                let problems = error.problems.isEmpty ? [error.message] : error.problems
                return .page(page(kind, form: form, problems: problems, csrf: request.csrf))
            }
        }
    }

    func kind(_ request: UIRequest) throws -> ActorKind {
        guard let kind = ActorKind(rawValue: try request.parameter("kind")) else {
            throw UIError.notFound("There is no such kind of connector.")
        }
        return kind
    }

    func page(_ kind: ActorKind, form: FormData, problems: [String], csrf: String) -> HTMLPage {
        let runtime = form["runtime"] ?? "executable"
        let view = View(
            kind: kind.rawValue, action: "/connectors/new/\(kind.rawValue)", csrf: csrf,
            displayName: form["display_name"] ?? "", type: form["type"] ?? "", location: form["location"] ?? "",
            isExecutable: runtime == "executable", isDocker: runtime == "docker", isPip: runtime == "pip",
            hasProblems: !problems.isEmpty, problemTitle: "The connector was not added:", problems: problems)
        return HTMLPage(
            title: "Add a custom \(kind.rawValue) connector", section: kind.section,
            body: ui.renderer.render("customConnector", view), status: problems.isEmpty ? .ok : .unprocessableContent)
    }
}
