import Foundation

/// Who may call the API, and whether they must say who they are.
///
/// Authentication is off by default when the server listens on a loopback
/// address (only this machine can reach it, as Airbyte's local install) and
/// required on any other, where the server refuses to start unless
/// credentials are configured: a user for HTTP basic auth, or an API client
/// whose id and secret `POST /applications/token` exchanges for a bearer
/// token (Airbyte's client-credentials flow). Applications created through
/// the API are clients too.
///
/// The executable reads them from its environment:
/// `SWIFTBYTE_API_USERNAME` and `SWIFTBYTE_API_PASSWORD`;
/// `SWIFTBYTE_API_CLIENT_ID` and `SWIFTBYTE_API_CLIENT_SECRET`.
package struct APICredentials: Sendable {
    /// Whether every request (but health, the token endpoint and the OpenAPI document) needs credentials.
    package var required: Bool
    /// Basic-auth users: name → password.
    package var users: [String: String]
    /// API clients configured outside the store: client id → secret.
    package var clients: [String: String]
    /// How long a bearer token lives (Airbyte's: 3 minutes).
    package var tokenLifetime: Duration

    package init(
        required: Bool, users: [String: String] = [:], clients: [String: String] = [:],
        tokenLifetime: Duration = .seconds(180)
    ) {
        self.required = required
        self.users = users
        self.clients = clients
        self.tokenLifetime = tokenLifetime
    }

    /// The environment variables that configure credentials.
    package static let usernameVariable = "SWIFTBYTE_API_USERNAME"
    package static let passwordVariable = "SWIFTBYTE_API_PASSWORD"
    package static let clientIDVariable = "SWIFTBYTE_API_CLIENT_ID"
    package static let clientSecretVariable = "SWIFTBYTE_API_CLIENT_SECRET"

    /// The credentials `environment` configures, for a server listening on
    /// `host`; `require` forces authentication on a loopback address too.
    ///
    /// - Throws: ``APICredentialsError`` when only half of a pair is set.
    package static func from(environment: [String: String], host: String, require: Bool = false) throws -> APICredentials {
        func pair(_ first: String, _ second: String) throws -> (String, String)? {
            let a = environment[first].flatMap { $0.isEmpty ? nil : $0 }
            let b = environment[second].flatMap { $0.isEmpty ? nil : $0 }
            switch (a, b) {
            case (nil, nil): return nil
            case (let a?, let b?): return (a, b)
            default: throw APICredentialsError(message: "\(first) and \(second) go together: set both, or neither")
            }
        }
        var credentials = APICredentials(required: require || !isLoopback(host))
        if let (user, password) = try pair(usernameVariable, passwordVariable) { credentials.users[user] = password }
        if let (id, secret) = try pair(clientIDVariable, clientSecretVariable) { credentials.clients[id] = secret }
        return credentials
    }

    /// Whether any credential is configured outside the store.
    package var hasConfiguredCredentials: Bool { !users.isEmpty || !clients.isEmpty }

    /// Whether `host` is an address only this machine reaches.
    package static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Why a server on `host` with these credentials and `applications` API clients in its store may not start.
    package func startupProblem(host: String, applications: Int) -> String? {
        guard required, !hasConfiguredCredentials, applications == 0 else { return nil }
        return """
            swiftbyte server listens on \(host), which other machines can reach, so its API requires credentials, \
            and none are configured. Set \(Self.usernameVariable) and \(Self.passwordVariable) (HTTP basic auth), \
            or \(Self.clientIDVariable) and \(Self.clientSecretVariable) (an API client for \
            POST /api/public/v1/applications/token), or listen on 127.0.0.1 (--host 127.0.0.1)
            """
    }
}

/// The API's credentials are misconfigured; `message` says how to fix them.
package struct APICredentialsError: Error, Sendable, CustomStringConvertible {
    package var message: String
    package var description: String { message }
}
