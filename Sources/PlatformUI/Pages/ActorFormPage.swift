import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore

/// The form to set up or edit a source or destination.
struct ActorFormView {
    struct CheckView {
        var succeeded: Bool
        var badge: StatusBadge
        var message: String
    }

    struct LinkView {
        var name: String
        var href: String
    }

    var kind: String
    var heading: String
    var connectorName: String
    var connectorPackage: String
    var documentationURL: String?
    var hasProblems: Bool
    var problemTitle: String
    var problems: [String]
    var check: CheckView?
    var action: String
    var checkAction: String
    var csrf: String
    var name: String
    var nameError: String?
    var fields: [SpecFieldView]
    var submitLabel: String
    var isEditing: Bool
    var connections: [LinkView]
    var deleteHref: String
}

/// What a page with a connector's form needs: the connector, its spec, and the form's state.
struct ActorForm {
    var kind: ActorKind
    var definition: ConnectorDefinition
    var specification: ConnectorSpecification
    /// The saved source or destination being edited; `nil` for a new one.
    var existing: ActorKind.Actor?

    var schema: SpecSchema { SpecSchema(.object(specification.connectionSpecification)) }

    var action: String { existing.map { "\(kind.path)/\($0.id)" } ?? "\(kind.path)/new/\(definition.type)" }

    /// The page, filled with `values` (see ``SpecForm``).
    func page(
        name: String, values: JSONValue?, useDefaults: Bool, fieldProblems: [String: String] = [:],
        validationProblems: [String] = [], nameError: String? = nil, check: CheckResult? = nil,
        connections: [SavedConnection] = [], csrf: String, ui: PlatformUI
    ) -> HTMLPage {
        let form = SpecForm(
            schema: schema, values: values, useDefaults: useDefaults, fieldProblems: fieldProblems,
            validationProblems: validationProblems)
        let problems = (nameError.map { ["Name \($0)"] } ?? []) + form.problems
        let heading = existing.map { "\($0.name)" } ?? "New \(kind.rawValue): \(definition.displayName)"
        let view = ActorFormView(
            kind: kind.rawValue, heading: heading, connectorName: definition.displayName,
            connectorPackage: Self.packageText(definition), documentationURL: Self.safeURL(specification.documentationUrl),
            hasProblems: !problems.isEmpty, problemTitle: "Please correct \(problems.count == 1 ? "this" : "these \(problems.count)"):",
            problems: problems,
            check: check.map {
                ActorFormView.CheckView(
                    succeeded: $0.succeeded, badge: StatusBadge(check: $0.succeeded),
                    message: $0.message ?? (($0.succeeded) ? "The connector can connect." : ""))
            },
            action: action, checkAction: action + "/check", csrf: csrf, name: name, nameError: nameError, fields: form.fields,
            submitLabel: existing == nil ? "Set up \(kind.rawValue)" : "Save changes", isEditing: existing != nil,
            connections: connections.map { ActorFormView.LinkView(name: $0.name, href: "/connections/\($0.id)") },
            deleteHref: existing.map { "\(kind.path)/\($0.id)/delete" } ?? "")
        let status: HTTPResponse.Status = problems.isEmpty ? .ok : .unprocessableContent
        return HTMLPage(title: heading, section: kind.section, body: ui.renderer.render("actorForm", view), status: status)
    }

    static func packageText(_ definition: ConnectorDefinition) -> String {
        switch definition.runtime {
        case .pip(let package, let version): package + (version.map { "==\($0)" } ?? "")
        case .docker(let image): image
        case .executable(let path): path
        case .builtIn: "built in"
        }
    }

    /// A documentation link only when it is http(s): a spec is a connector's text, not trusted markup.
    static func safeURL(_ text: String?) -> String? {
        guard let text, let url = URL(string: text), ["http", "https"].contains(url.scheme?.lowercased() ?? "") else { return nil }
        return text
    }
}
