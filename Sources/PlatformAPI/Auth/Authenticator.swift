package import Foundation
package import Hummingbird
import Logging
package import PlatformStore

/// Checks a request's credentials: HTTP basic auth with a configured user or
/// an API client's id and secret, or a bearer token from `/applications/token`.
package struct Authenticator: Sendable {
    package let credentials: APICredentials
    package let tokens: AccessTokens
    let store: any PlatformStore

    package init(credentials: APICredentials, tokens: AccessTokens, store: any PlatformStore) {
        self.credentials = credentials
        self.tokens = tokens
        self.store = store
    }

    /// The caller the `Authorization` header names; `nil` without one.
    ///
    /// - Throws: a 401 ``APIProblem`` for credentials that are wrong, malformed or expired.
    package func caller(authorization: String?, now: Date) async throws -> APICaller? {
        guard let authorization, !authorization.isEmpty else { return nil }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2 else { throw APIProblem.invalidAPIKey("the Authorization header is neither Basic nor Bearer") }
        let value = parts[1].trimmingCharacters(in: .whitespaces)
        switch parts[0].lowercased() {
        case "bearer":
            guard let clientID = tokens.verify(value, now: now) else {
                throw APIProblem.invalidAPIKey(
                    "the bearer token is not valid or has expired: get a new one from POST /api/public/v1/applications/token")
            }
            return .application(clientID: clientID)
        case "basic":
            guard let decoded = Data(base64Encoded: value).flatMap({ String(data: $0, encoding: .utf8) }),
                let colon = decoded.firstIndex(of: ":")
            else {
                throw APIProblem.invalidAPIKey("the Basic credentials are not base64 of user:password")
            }
            let user = String(decoded[..<colon])
            let password = String(decoded[decoded.index(after: colon)...])
            if let expected = credentials.users[user], ApplicationSecrets.constantTimeEqual(expected, password) {
                return .user(user)
            }
            if try await isClient(user, secret: password) { return .application(clientID: user) }
            throw APIProblem.invalidAPIKey("the user name or password is wrong")
        default:
            throw APIProblem.invalidAPIKey("the Authorization header is neither Basic nor Bearer")
        }
    }

    /// Whether `clientID` and `secret` are a configured client's, or an application's in the store.
    package func isClient(_ clientID: String, secret: String) async throws -> Bool {
        if let expected = credentials.clients[clientID] { return ApplicationSecrets.constantTimeEqual(expected, secret) }
        guard let application = try await store.application(clientID: clientID) else { return false }
        return ApplicationSecrets.matches(secret, hash: application.secretHash)
    }
}

/// Lets a request through when its credentials are good, or when none are
/// required; answers 401 in Airbyte's shape otherwise. Health, the token
/// endpoint and the OpenAPI document are open to all.
package struct AuthenticationMiddleware: RouterMiddleware {
    package typealias Context = APIRequestContext

    let authenticator: Authenticator
    let clock: @Sendable () -> Date

    /// Paths anyone may call.
    static let openPaths: Set<String> = [
        "/api/public/v1/health", "/api/v1/health", "/health",
        "/api/public/v1/applications/token", "/applications/token",
        "/api/public/v1/openapi.json", "/api/public/v1/openapi.yaml",
    ]

    /// Whether `path` is the API's (or `/metrics`): the web UI's pages, on the same router, sign people in themselves.
    static func isAPI(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/metrics" || path.hasPrefix("/applications/") || path == "/health"
    }

    package init(authenticator: Authenticator, clock: @escaping @Sendable () -> Date) {
        self.authenticator = authenticator
        self.clock = clock
    }

    package func handle(
        _ request: Request, context: Context,
        next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        var context = context
        let path = request.uri.path.count > 1 && request.uri.path.hasSuffix("/") ? String(request.uri.path.dropLast()) : request.uri.path
        let required = authenticator.credentials.required && Self.isAPI(path) && !Self.openPaths.contains(path)
        do {
            context.caller = try await authenticator.caller(authorization: request.headers[.authorization], now: clock())
        } catch let problem as APIProblem where !required {
            // Authentication is off: a stale token or a wrong password is not a reason to refuse.
            context.logger.debug("ignored credentials", metadata: ["reason": "\(problem.detail)"])
        }
        if required, context.caller == nil {
            throw APIProblem.invalidAPIKey(
                "this API requires credentials: HTTP basic auth, or a bearer token from POST /api/public/v1/applications/token")
        }
        return try await next(request, context)
    }
}
