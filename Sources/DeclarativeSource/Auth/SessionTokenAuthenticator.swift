internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// `SessionTokenProvider`: logs in with `login_requester`, takes the token at
/// `session_token_path`, and logs in again after `expiration_duration`.
final class SessionTokenProvider: TokenProvider {
    private let loginRequester: HttpRequester
    private let tokenPath: [String]
    private let expiration: Gap?
    private let decoder: any ResponseDecoder
    private let clock: JinjaClock
    private let cached = Mutex<(token: String?, expiry: PythonDatetime?)>((nil, nil))
    private let lock = AsyncLock()

    init(_ node: ComponentNode, name: String, context: BuildContext) throws(ManifestError) {
        decoder = try makeDecoder(try node.component("decoder"))
        loginRequester = try HttpRequester(
            try node.requiredComponent("login_requester"), name: "\(name)_login_requester",
            useCache: false, context: context)
        tokenPath = try node.stringList("session_token_path") ?? []
        if let duration = try node.optionalString("expiration_duration") {
            do { expiration = try Gap.parse(duration) } catch {
                throw node.invalid("expiration_duration", "`expiration_duration` is not an ISO 8601 duration")
            }
        } else {
            expiration = nil
        }
        clock = context.clock
    }

    /// `get_token`: without an `expiration_duration` nothing is kept and every call logs in,
    /// as the CDK does; with one, a token is kept until it expires, one login at a time.
    func token() async throws -> String {
        guard expiration != nil else { return try await logIn() }
        return try await lock.withLock {
            let current = cached.withLock { $0 }
            if let token = current.token, let expiry = current.expiry, try clock.nowUTC() <= expiry { return token }
            return try await logIn()
        }
    }

    private func logIn() async throws -> String {
        let response = try await loginRequester.send(
            slice: .empty, nextPageToken: nil, path: nil, extraParams: .empty,
            extraHeaders: .empty, extraBodyData: .empty, extraBodyJSON: .empty)
        guard let body = try decoder.decode(response).first, let value = try? Dpath.get(body, tokenPath), value != .null else {
            throw SourceFailure.system("Failed to get session token, token is None")
        }
        let token = value.stringValue ?? value.jsonText
        let expiry = try expiration.map { try $0.added(to: try clock.nowUTC()) }
        cached.withLock { $0 = (token, expiry) }
        return token
    }
}

/// `InterpolatedSessionTokenProvider`: `api_token` rendered with `session_token`.
struct SessionTokenTemplateProvider: TokenProvider {
    let template: InterpolatedString
    let session: SessionTokenProvider
    let config: JinjaValue

    func token() async throws -> String {
        let sessionToken = try await session.token()
        return try template.eval(config, ["session_token": .string(sessionToken)]).description
    }
}

/// `SessionTokenAuthenticator`: the session token as a bearer token or an API key.
func makeSessionTokenAuthenticator(_ node: ComponentNode, context: BuildContext) throws(ManifestError) -> any Authenticator {
    let provider = try SessionTokenProvider(node, name: "session", context: context)
    let requestAuthentication = try node.requiredComponent("request_authentication")
    switch requestAuthentication.type {
    case "Bearer":
        return BearerAuthenticator(tokenProvider: provider)
    case "ApiKey":
        guard let inject = try requestAuthentication.component("inject_into") else {
            throw requestAuthentication.invalid("inject_into", "ApiKey session authentication requires `inject_into`")
        }
        let template = InterpolatedString(
            try requestAuthentication.optionalString("api_token") ?? "{{ session_token }}",
            parameters: node.parameters, in: context.interpolation)
        return ApiKeyAuthenticator(
            option: try RequestOption(inject, context: context),
            tokenProvider: SessionTokenTemplateProvider(template: template, session: provider, config: context.configValue),
            config: context.configValue)
    default:
        throw requestAuthentication.invalid("type", "request_authentication must be Bearer or ApiKey")
    }
}

/// `LegacySessionTokenAuthenticator`: a session token from the config (validated against
/// `validate_session_url`), or one obtained by logging in with username and password.
final class LegacySessionTokenAuthenticator: Authenticator {
    private let apiURL: InterpolatedString
    private let header: InterpolatedString
    private let sessionToken: InterpolatedString
    private let responseKey: InterpolatedString
    private let username: InterpolatedString
    private let password: InterpolatedString
    private let loginURL: InterpolatedString
    private let validateURL: InterpolatedString
    private let config: JinjaValue
    private let engine: HTTPEngine
    private let cachedToken = Mutex<String?>(nil)

    init(_ node: ComponentNode, urlBase: String, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        func template(_ field: String, required: Bool = true) throws(ManifestError) -> InterpolatedString {
            let text = required ? try node.string(field) : (try node.optionalString(field) ?? "")
            return InterpolatedString(text, parameters: parameters, in: context.interpolation)
        }
        apiURL = InterpolatedString(urlBase, parameters: parameters, in: context.interpolation)
        header = try template("header")
        sessionToken = try template("session_token", required: false)
        responseKey = try template("session_token_response_key")
        username = try template("username", required: false)
        password = try template("password", required: false)
        loginURL = try template("login_url")
        validateURL = try template("validate_session_url")
        config = context.configValue
        engine = context.engine
    }

    func authHeaders() async throws -> [(String, String)] {
        let name = try header.eval(config).description
        return [(name, try await token(headerName: name))]
    }

    private func token(headerName: String) async throws -> String {
        if let cached = cachedToken.withLock({ $0 }) { return cached }
        let configured = try sessionToken.eval(config)
        if configured.isTruthy {
            let url = try apiURL.eval(config).description + validateURL.eval(config).description
            let request = try PreparedRequest.make(
                method: "GET", url: url, headers: [(headerName, configured.description)],
                params: [], json: .empty, data: .empty)
            let response = try await engine.send(request)
            if response.ok {
                cachedToken.withLock { $0 = configured.description }
                return configured.description
            }
            if response.status != 401 {
                throw SourceFailure.system("Error while validating session token: \(response.status)")
            }
        }
        let user = try username.eval(config)
        let secret = try password.eval(config)
        guard user.isTruthy, secret.isTruthy else {
            throw SourceFailure.config("Invalid credentials: session token is not valid or provide username and password")
        }
        let url = try apiURL.eval(config).description + loginURL.eval(config).description
        let request = try PreparedRequest.make(
            method: "POST", url: url, headers: [("Content-Type", "application/json")], params: [],
            json: .mapping([("username", user), ("password", secret)]), data: .empty)
        let response = try await engine.send(request)
        guard response.ok, let body = try? JSONValue(parsing: response.body),
            let value = body[try responseKey.eval(config).description]
        else {
            throw SourceFailure.config("Failed to retrieve new session token, response code \(response.status)")
        }
        let token = value.stringValue ?? value.jsonText
        cachedToken.withLock { $0 = token }
        return token
    }
}
