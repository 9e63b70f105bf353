import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore

/// `/sources…` and `/destinations…`: lists, the connector picker, the forms generated from specs,
/// "Test connection", deleting.
struct ActorRoutes {
    let ui: PlatformUI
    let kind: ActorKind

    struct ListView {
        struct Row {
            var name: String
            var href: String
            var connector: String
            var created: String
        }

        var title: String
        var kind: String
        var newHref: String
        var rows: [Row]
        var hasRows: Bool
        var pager: PagerView?
    }

    struct CheckAnswer: Encodable {
        var succeeded: Bool
        var label: String
        var message: String
        var problems: [String]
    }

    func add<Context>(to routes: UIRouter<Context>) {
        let path = kind.path
        routes.get(RouterPath(path)) { request in
            let number = PagerView.number(request.query)
            let size = ui.options.pageSize
            var actors = try await kind.actors(service: ui.service, page: Page(limit: size + 1, offset: (number - 1) * size))
            let hasNext = actors.count > size
            actors = Array(actors.prefix(size))
            let definitions = try await definitionsByID()
            let view = ListView(
                title: kind.title, kind: kind.rawValue, newHref: "\(path)/new",
                rows: actors.map { actor in
                    ListView.Row(
                        name: actor.name, href: "\(path)/\(actor.id)",
                        connector: definitions[actor.definitionID]?.displayName ?? "?", created: Format.dateTime(actor.createdAt))
                },
                hasRows: !actors.isEmpty,
                pager: PagerView(
                    label: "Pages of \(kind.rawValue)s", number: number, size: size,
                    total: hasNext ? number * size + 1 : (number - 1) * size + actors.count
                ) { "\(path)?page=\($0)" })
            return .page(HTMLPage(title: kind.title, section: kind.section, body: ui.renderer.render("actors", view)))
        }

        routes.get(RouterPath("\(path)/new")) { request in
            if let type = request.query.trimmed("type") {
                return .redirect("\(path)/new/\(normalizedType(type))", nil)
            }
            return .page(try await picker(query: request.query["q"] ?? ""))
        }

        routes.get(RouterPath("\(path)/new/:type")) { request in
            let form = try await newForm(type: try request.parameter("type"))
            return .page(form.page(name: form.definition.displayName, values: nil, useDefaults: true, csrf: request.csrf, ui: ui))
        }

        routes.post(RouterPath("\(path)/new/:type")) { request in
            let form = try await newForm(type: try request.parameter("type"))
            return try await save(form, request: request)
        }

        routes.post(RouterPath("\(path)/new/:type/check")) { request in
            let form = try await newForm(type: try request.parameter("type"))
            return try await check(form, request: request)
        }

        routes.get(RouterPath("\(path)/:id")) { request in
            let form = try await editForm(id: try request.parameter("id"))
            guard let actor = form.existing else { throw UIError.notFound("There is no such \(kind.rawValue).") }
            return .page(
                form.page(
                    name: actor.name, values: ui.service.maskedConfiguration(actor.configuration), useDefaults: false,
                    connections: try await kind.connections(of: actor.id, service: ui.service),
                    csrf: request.csrf, ui: ui))
        }

        routes.post(RouterPath("\(path)/:id")) { request in
            let form = try await editForm(id: try request.parameter("id"))
            return try await save(form, request: request)
        }

        routes.post(RouterPath("\(path)/:id/check")) { request in
            let form = try await editForm(id: try request.parameter("id"))
            return try await check(form, request: request)
        }

        routes.get(RouterPath("\(path)/:id/delete")) { request in
            let actor = try await kind.actor(try request.parameter("id"), service: ui.service)
            let connections = try await kind.connections(of: actor.id, service: ui.service)
            let view = ConfirmView(
                title: "Delete \(actor.name)?", question: "Delete the \(kind.rawValue) \(actor.name)?",
                consequences: connections.isEmpty
                    ? []
                    : [
                        "Its connections are deleted too: "
                            + connections.map(\.name).joined(separator: ", ") + ". Their job history is kept."
                    ],
                action: "\(path)/\(actor.id)/delete", confirmLabel: "Delete \(kind.rawValue)", cancelHref: "\(path)/\(actor.id)",
                csrf: request.csrf)
            return .page(HTMLPage(title: view.title, section: kind.section, body: ui.renderer.render("confirmDelete", view)))
        }

        routes.post(RouterPath("\(path)/:id/delete")) { request in
            let actor = try await kind.actor(try request.parameter("id"), service: ui.service)
            try await kind.delete(actor.id, service: ui.service)
            return .redirect(path, .notice("Deleted the \(kind.rawValue) \(actor.name)."))
        }
    }

    /// `airbyte-source-pokeapi` or `Pokeapi` → `pokeapi`.
    func normalizedType(_ text: String) -> String {
        let lowered = text.trimmingCharacters(in: .whitespaces).lowercased()
        let prefix = "airbyte-\(kind.rawValue)-"
        let type = lowered.hasPrefix(prefix) ? String(lowered.dropFirst(prefix.count)) : lowered
        return type.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? type
    }

    func definitionsByID() async throws -> [DefinitionID: ConnectorDefinition] {
        let workspace = try await ui.service.workspace(nil).id
        let definitions = try await ui.store.definitions(kind: kind.definitionKind, workspace: workspace)
        return Dictionary(definitions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func newForm(type: String) async throws -> ActorForm {
        let workspace = try await ui.service.workspace(nil).id
        let definition = try await ui.service.definition(.type(type), kind: kind.definitionKind, workspace: workspace)
        return ActorForm(
            kind: kind, definition: definition, specification: try await ui.service.specification(of: definition),
            existing: nil)
    }

    func editForm(id: String) async throws -> ActorForm {
        let actor = try await kind.actor(id, service: ui.service)
        guard let definition = try await ui.store.definition(actor.definitionID) else {
            throw UIError.notFound("The connector of \(actor.name) is gone.")
        }
        return ActorForm(
            kind: kind, definition: definition, specification: try await ui.service.specification(of: definition),
            existing: actor)
    }

    /// The configuration a posted form describes, and what could not be read.
    func read(_ form: ActorForm, _ request: UIRequest) -> (name: String, configuration: JSONValue, problems: [String: String]) {
        var reader = SpecFormReader(form: request.form, base: form.existing.map { ui.service.maskedConfiguration($0.configuration) })
        let configuration = reader.configuration(of: form.schema)
        return (request.form.trimmed("name") ?? "", configuration, reader.problems)
    }

    func save(_ form: ActorForm, request: UIRequest) async throws -> UIResponse {
        let (name, configuration, problems) = read(form, request)
        var connections: [SavedConnection] = []
        if let existing = form.existing { connections = try await kind.connections(of: existing.id, service: ui.service) }
        if request.form.contains("_switch") {
            return .page(
                form.page(
                    name: name, values: configuration, useDefaults: true, connections: connections,
                    csrf: request.csrf, ui: ui))
        }
        let nameError = name.isEmpty ? "is required" : nil
        guard problems.isEmpty, nameError == nil else {
            return .page(
                form.page(
                    name: name, values: configuration, useDefaults: false, fieldProblems: problems,
                    nameError: nameError, connections: connections, csrf: request.csrf, ui: ui))
        }
        do {
            if let existing = form.existing {
                try await kind.update(existing.id, name: name, configuration: configuration, service: ui.service)
                return .redirect("\(kind.path)/\(existing.id)", .notice("Saved \(name)."))
            }
            let id = try await kind.create(
                name: name, definition: form.definition.id, configuration: configuration,
                service: ui.service)
            return .redirect("\(kind.path)/\(id)", .notice("Set up the \(kind.rawValue) \(name)."))
        } catch let error as PlatformError where error.code == .invalidInput {
            return .page(
                form.page(
                    name: name, values: configuration, useDefaults: false,
                    validationProblems: error.problems.isEmpty ? [error.message] : error.problems,
                    connections: connections, csrf: request.csrf, ui: ui))
        }
    }

    func check(_ form: ActorForm, request: UIRequest) async throws -> UIResponse {
        let (name, configuration, problems) = read(form, request)
        let wantsJSON = request.request.headers[.accept]?.contains("application/json") == true
        var result: CheckResult?
        var validation: [String] = []
        if problems.isEmpty {
            do {
                result = try await kind.check(
                    definition: form.definition.id, configuration: configuration,
                    replacing: form.existing?.id, service: ui.service)
            } catch let error as PlatformError where error.code == .invalidInput {
                validation = error.problems.isEmpty ? [error.message] : error.problems
            }
        }
        if wantsJSON {
            let all = problems.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" } + validation
            let succeeded = result?.succeeded == true
            return .json(
                CheckAnswer(
                    succeeded: succeeded, label: StatusBadge(check: succeeded).label,
                    message: result?.message ?? (succeeded ? "The connector can connect." : "The configuration is not valid."),
                    problems: all))
        }
        var connections: [SavedConnection] = []
        if let existing = form.existing { connections = try await kind.connections(of: existing.id, service: ui.service) }
        return .page(
            form.page(
                name: name, values: configuration, useDefaults: false, fieldProblems: problems,
                validationProblems: validation, check: result, connections: connections,
                csrf: request.csrf, ui: ui))
    }

    func picker(query: String) async throws -> HTMLPage {
        let definitions = try await definitionsByID().values.sorted { $0.displayName < $1.displayName }
        var seen: Set<String> = []
        var connectors: [PickerView.Connector] = []
        for definition in definitions where seen.insert(definition.type).inserted {
            connectors.append(
                PickerView.Connector(
                    name: definition.displayName, detail: ActorForm.packageText(definition),
                    href: "\(kind.path)/new/\(definition.type)",
                    searchText: "\(definition.displayName) \(definition.type)".lowercased()))
        }
        for entry in ConnectorDirectory.entries where entry.kind == kind.rawValue && seen.insert(entry.type).inserted {
            connectors.append(
                PickerView.Connector(
                    name: entry.name, detail: entry.type == "duckdb" ? "built in" : "airbyte-\(kind.rawValue)-\(entry.type)",
                    href: "\(kind.path)/new/\(entry.type)", searchText: "\(entry.name) \(entry.type)".lowercased()))
        }
        let terms = query.lowercased().split(separator: " ").map(String.init)
        let shown = terms.isEmpty ? connectors : connectors.filter { connector in terms.allSatisfy { connector.searchText.contains($0) } }
        let view = PickerView(
            kind: kind.rawValue, pickAction: "\(kind.path)/new", query: query,
            countText: "\(shown.count) connector\(shown.count == 1 ? "" : "s")", connectors: shown,
            customHref: "/connectors/new/\(kind.rawValue)")
        return HTMLPage(title: "New \(kind.rawValue)", section: kind.section, body: ui.renderer.render("connectorPicker", view))
    }

    struct PickerView {
        struct Connector {
            var name: String
            var detail: String
            var href: String
            var searchText: String
        }

        var kind: String
        var pickAction: String
        var query: String
        var countText: String
        var connectors: [Connector]
        var customHref: String
    }
}

/// A question before deleting something.
struct ConfirmView {
    var title: String
    var question: String
    var consequences: [String]
    var hasConsequences: Bool
    var action: String
    var confirmLabel: String
    var cancelHref: String
    var csrf: String

    init(
        title: String, question: String, consequences: [String], action: String, confirmLabel: String, cancelHref: String,
        csrf: String
    ) {
        self.title = title
        self.question = question
        self.consequences = consequences
        hasConsequences = !consequences.isEmpty
        self.action = action
        self.confirmLabel = confirmLabel
        self.cancelHref = cancelHref
        self.csrf = csrf
    }
}
