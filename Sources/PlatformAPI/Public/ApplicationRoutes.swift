import AirbyteProtocol
import Foundation
import Hummingbird
import PlatformStore

/// `/applications`: API clients (create, list, get, delete) and
/// `POST /applications/token`, which exchanges a client's id and secret
/// (JSON or a form, as OAuth clients send) for a bearer token.
///
/// A client's secret is shown once, when it is created; the store keeps its hash.
struct ApplicationRoutes {
    let api: PlatformAPI

    func add(to routes: some RouterMethods<APIRequestContext>) {
        routes.post("applications/token") { request, context in try await token(request, context: context) }
        routes.get("applications") { _, _ in
            let applications = try await api.store.applications()
            return JSONResponse.make(["applications": .array(applications.map { Self.json($0, secret: nil) })])
        }
        routes.post("applications") { request, context in
            var request = request
            let body = try await request.jsonObject(context: context)
            let name = try body.required("name") { key throws(APIProblem) in try body.string(key) }
            let (application, secret) = try await ApplicationSecrets.create(named: name, in: api.store, now: api.now)
            return JSONResponse.make(Self.json(application, secret: secret))
        }
        routes.get("applications/:applicationId") { _, context in
            JSONResponse.make(Self.json(try await existing(context), secret: nil))
        }
        routes.delete("applications/:applicationId") { _, context in
            let application = try await existing(context)
            try await api.store.deleteApplication(application.id)
            return JSONResponse.make(Self.json(application, secret: nil))
        }
    }

    /// `POST /applications/token`.
    func token(_ request: Request, context: APIRequestContext) async throws -> Response {
        var request = request
        let fields = try await Self.tokenRequest(&request, context: context)
        func field(_ names: String...) -> String? { names.lazy.compactMap { fields[$0] }.first { !$0.isEmpty } }
        guard let clientID = field("client_id", "clientId") else {
            throw APIProblem.badRequest("client_id is required")
        }
        guard let secret = field("client_secret", "clientSecret") else {
            throw APIProblem.badRequest("client_secret is required")
        }
        if let grant = field("grant_type", "grant-type"), grant != "client_credentials" {
            throw APIProblem.badRequest("grant_type must be client_credentials, not \(grant.debugDescription)")
        }
        let credentials = api.authenticator.credentials
        guard try await api.authenticator.isClient(clientID, secret: secret) || !credentials.required else {
            throw APIProblem.invalidAPIKey("the client id or secret is wrong")
        }
        let token = api.authenticator.tokens.issue(clientID: clientID, now: api.now, lifetime: credentials.tokenLifetime)
        return JSONResponse.make([
            "access_token": .string(token), "token_type": "Bearer",
            "expires_in": .number(String(credentials.tokenLifetime.components.seconds)),
        ])
    }

    /// The token request's fields, from JSON or `application/x-www-form-urlencoded`.
    private static func tokenRequest(_ request: inout Request, context: APIRequestContext) async throws -> [String: String] {
        let contentType = request.headers[.contentType]?.lowercased() ?? ""
        if contentType.hasPrefix("application/x-www-form-urlencoded") {
            let buffer = try await request.collectBody(upTo: context.maxUploadSize)
            return FormBody.fields(String(buffer: buffer))
        }
        let body = try await request.jsonObject(context: context)
        var fields: [String: String] = [:]
        for key in ["client_id", "clientId", "client_secret", "clientSecret", "grant_type", "grant-type"] {
            if let value = try body.string(key) { fields[key] = value }
        }
        return fields
    }

    private func existing(_ context: APIRequestContext) async throws -> APIApplication {
        let id = try pathID(context, "applicationId", as: ApplicationID.self)
        guard let application = try await api.store.application(id) else {
            throw APIProblem.notFound("application", id: id.description)
        }
        return application
    }

    /// Airbyte's `ApplicationRead`; the secret only when just created, `**********` otherwise.
    static func json(_ application: APIApplication, secret: String?) -> JSONValue {
        [
            "id": .string(application.id.description), "name": .string(application.name),
            "clientId": .string(application.clientID), "clientSecret": .string(secret ?? "**********"),
            "createdAt": .number(String(APIDates.epochMilliseconds(application.createdAt))),
        ]
    }
}

/// `application/x-www-form-urlencoded` bodies.
enum FormBody {
    /// The fields of `text`; `+` is a space, `%XX` a byte.
    static func fields(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                part.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(part)
            }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
