internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja

/// Adds credentials to requests: headers (most), or query parameters and body fields.
protocol Authenticator: Sendable {
    /// The headers to set (`get_auth_header`).
    func authHeaders() async throws -> [(String, String)]
    /// Parameters or body fields to add (`get_request_params`, `get_request_body_data/json`).
    func requestOptions(_ kind: RequestOptionKind) async throws -> RequestInput
    /// Forces a new token (for `REFRESH_TOKEN_THEN_RETRY`).
    func refresh() async throws
    /// Whether `refresh` gets a new token (`refresh_and_set_access_token`): OAuth's.
    var canRefresh: Bool { get }
}

extension Authenticator {
    func requestOptions(_ kind: RequestOptionKind) async throws -> RequestInput { .empty }
    func refresh() async throws {}
    var canRefresh: Bool { false }
}

struct NoAuthenticator: Authenticator {
    func authHeaders() async throws -> [(String, String)] { [] }
}

/// Provides the secret an API-key or bearer authenticator sends.
protocol TokenProvider: Sendable {
    func token() async throws -> String
}

/// `InterpolatedStringTokenProvider`: a config value.
struct InterpolatedTokenProvider: TokenProvider {
    let template: FixedConfigTemplate

    init(template: InterpolatedString, config: JinjaValue) {
        self.template = FixedConfigTemplate(template, config: config)
    }

    func token() async throws -> String { try template.eval().description }
}

/// `ApiKeyAuthenticator`: the token under a header, query parameter or body field.
struct ApiKeyAuthenticator: Authenticator {
    let option: RequestOption
    let tokenProvider: any TokenProvider
    let config: JinjaValue

    func authHeaders() async throws -> [(String, String)] {
        let options = try await options(.header)
        guard let first = options.first else { return [] }
        return [(first.key, first.value.description)]
    }

    func requestOptions(_ kind: RequestOptionKind) async throws -> RequestInput {
        guard kind != .header else { return .empty }
        return .mapping(try await options(kind))
    }

    private func options(_ kind: RequestOptionKind) async throws -> [(key: String, value: JinjaValue)] {
        var options: [(key: String, value: JinjaValue)] = []
        guard option.injectInto == kind else { return options }
        try option.inject(into: &options, value: .string(try await tokenProvider.token()), config: config)
        return options
    }
}

/// `BearerAuthenticator`: `Authorization: Bearer <token>`.
struct BearerAuthenticator: Authenticator {
    let tokenProvider: any TokenProvider
    func authHeaders() async throws -> [(String, String)] {
        [("Authorization", "Bearer \(try await tokenProvider.token())")]
    }
}

/// `BasicHttpAuthenticator`: `Authorization: Basic base64(user:password)`.
struct BasicHttpAuthenticator: Authenticator {
    let username: InterpolatedString
    let password: InterpolatedString
    let config: JinjaValue

    func authHeaders() async throws -> [(String, String)] {
        let credentials = "\(try username.eval(config).description):\(try password.eval(config).description)"
        return [("Authorization", "Basic \(Data(credentials.utf8).base64EncodedString())")]
    }
}

/// `SelectiveAuthenticator`: one of several authenticators, chosen by a config value.
struct SelectiveAuthenticator: Authenticator {
    let selected: any Authenticator
    func authHeaders() async throws -> [(String, String)] { try await selected.authHeaders() }
    func requestOptions(_ kind: RequestOptionKind) async throws -> RequestInput { try await selected.requestOptions(kind) }
    func refresh() async throws { try await selected.refresh() }
    var canRefresh: Bool { selected.canRefresh }
}
