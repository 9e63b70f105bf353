import AirbyteProtocol
import Foundation
import Hummingbird
import Platform
import PlatformStore

/// What differs between sources and destinations (Airbyte's "actors") for
/// their routes, which are otherwise the same.
protocol SavedActorKind: SendableMetatype {
    associatedtype Saved: Sendable
    associatedtype ID: Sendable
    /// `source` or `destination`.
    static var kind: ConnectorDefinition.Kind { get }
    /// `sourceId` or `destinationId`.
    static var idParameter: String { get }
    /// `sourceType` or `destinationType`.
    static var typeKey: String { get }
    static func id(_ text: String) -> ID?
    static func list(_ store: any PlatformStore, workspaces: [WorkspaceID]?, includeDeleted: Bool, page: Page) async throws -> [Saved]
    static func find(_ store: any PlatformStore, _ id: ID) async throws -> Saved?
    static func create(
        _ service: PlatformService, name: String, workspace: WorkspaceID,
        definition: DefinitionReference, configuration: JSONValue
    ) async throws -> Saved
    static func update(_ service: PlatformService, _ id: ID, name: String?, configuration: JSONValue?) async throws -> Saved
    static func delete(_ service: PlatformService, _ id: ID) async throws
    static func definitionID(of saved: Saved) -> DefinitionID
    static func configuration(of saved: Saved) -> JSONValue
    static func isDeleted(_ saved: Saved) -> Bool
    static func publicAPI(_ saved: Saved, definition: ConnectorDefinition?) -> JSONValue
}

/// `/sources` and `/destinations`: list, create (by `configuration.sourceType`
/// or `definitionId`), get, patch (a merge of the configuration), put (a
/// replacement) and delete. Configurations come back with every secret
/// `**********`; sending `**********` back keeps the stored secret.
struct ActorRoutes<Kind: SavedActorKind> {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.get { request, _ in
            let query = QueryParameters(request)
            let page = try query.page()
            let slice = PageSlice(
                try await Kind.list(
                    api.store, workspaces: try query.ids("workspaceIds", as: WorkspaceID.self),
                    includeDeleted: try query.bool("includeDeleted") ?? false,
                    page: page.probing), page: page)
            let definitions = try await DefinitionLookup(store: api.store)
            var items: [JSONValue] = []
            for saved in slice.items {
                items.append(Kind.publicAPI(saved, definition: try await definitions[Kind.definitionID(of: saved)]))
            }
            return listResponse(items, request: request, page: page, hasMore: slice.hasMore)
        }
        routes.post { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            let name = try body.required("name") { key throws(APIProblem) in try body.string(key) }
            let workspace = try body.required("workspaceId") { key throws(APIProblem) in try body.id(key, as: WorkspaceID.self) }
            let configuration = try body.required("configuration") { key throws(APIProblem) in try body.object(key) }
            let reference: DefinitionReference
            if let definitionID = try body.id("definitionId", as: DefinitionID.self) {
                reference = .id(definitionID)
            } else if let type = try configuration.string(Kind.typeKey) {
                reference = .type(type)
            } else {
                throw APIProblem.unprocessable(
                    """
                    One of configuration.\(Kind.typeKey) or definitionId must be provided \
                    (such as "\(Kind.typeKey)": "\(Kind.kind == .source ? "faker" : "duckdb")")
                    """)
            }
            let saved = try await call(reference) {
                try await Kind.create(
                    api.service, name: name, workspace: workspace, definition: reference,
                    configuration: .object(configuration.object))
            }
            return try await response(saved)
        }
        routes.get(":\(Kind.idParameter)") { _, context in
            try await response(try await existing(context))
        }
        routes.patch(":\(Kind.idParameter)") { request, context in
            var request = request
            let saved = try await existing(context)
            let body = try await request.jsonObject(context: context)
            let patch = try body.object("configuration")
            // A patch merges into what is stored; masked secrets in the result keep their stored values.
            let merged = patch.map {
                ConfigurationMerge.merge(
                    ConfigurationSecrets.masking(Kind.configuration(of: saved)),
                    patch: .object($0.object))
            }
            let id = try actorID(context)
            return try await response(try await Kind.update(api.service, id, name: try body.string("name"), configuration: merged))
        }
        routes.put(":\(Kind.idParameter)") { request, context in
            var request = request
            _ = try await existing(context)
            let body = try await request.jsonObject(context: context)
            let name = try body.required("name") { key throws(APIProblem) in try body.string(key) }
            let configuration = try body.required("configuration") { key throws(APIProblem) in try body.object(key) }
            return try await response(
                try await Kind.update(
                    api.service, try actorID(context), name: name,
                    configuration: .object(configuration.object)))
        }
        routes.delete(":\(Kind.idParameter)") { _, context in
            _ = try await existing(context)
            try await Kind.delete(api.service, try actorID(context))
            return JSONResponse.noContent()
        }
    }

    private func actorID(_ context: APIRequestContext) throws(APIProblem) -> Kind.ID {
        let text = context.parameters.get(Kind.idParameter) ?? ""
        guard let id = Kind.id(text) else {
            throw APIProblem.badRequest("\(Kind.idParameter) in the path must be a UUID, not \(text.debugDescription)")
        }
        return id
    }

    private func existing(_ context: APIRequestContext) async throws -> Kind.Saved {
        let id = try actorID(context)
        guard let saved = try await Kind.find(api.store, id), !Kind.isDeleted(saved) else {
            throw APIProblem.notFound(Kind.kind.rawValue, id: "\(id)")
        }
        return saved
    }

    private func response(_ saved: Kind.Saved) async throws -> Response {
        JSONResponse.make(Kind.publicAPI(saved, definition: try await api.store.definition(Kind.definitionID(of: saved))))
    }

    /// Runs a create, turning "no connector of that type can be installed" into Airbyte's unknown-value problem.
    private func call<T>(_ reference: DefinitionReference, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as PlatformError where error.code == .invalidInput {
            if case .type(let type) = reference, error.message.hasPrefix(Kind.typeKey) {
                throw APIProblem.unknownValue(type, message: error.message)
            }
            throw error
        } catch let error as PlatformError where error.code == .notFound {
            if case .id(let id) = reference, error.message.contains(id.description) {
                throw APIProblem.unknownValue(id.description, message: error.message)
            }
            throw error
        }
    }
}

/// Definitions by id, each read once per request.
struct DefinitionLookup {
    private let store: any PlatformStore
    private var known: [DefinitionID: ConnectorDefinition?] = [:]

    init(store: any PlatformStore) async throws {
        self.store = store
        for definition in try await store.definitions() { known[definition.id] = definition }
    }

    subscript(id: DefinitionID) -> ConnectorDefinition? {
        get async throws {
            if let definition = known[id] { return definition }
            return try await store.definition(id)
        }
    }
}

/// RFC 7386 JSON merge patch: what `PATCH /sources/{id}` does to a configuration.
enum ConfigurationMerge {
    static func merge(_ target: JSONValue, patch: JSONValue) -> JSONValue {
        guard case .object(let changes) = patch else { return patch }
        var result = target.objectValue ?? JSONObject()
        for (key, value) in changes {
            if value == .null {
                result[key] = nil
            } else {
                result[key] = merge(result[key] ?? .null, patch: value)
            }
        }
        return .object(result)
    }
}
