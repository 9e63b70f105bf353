internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import Synchronization

/// `DeclarativeOauth2Authenticator`: `Authorization: Bearer <access token>`, the token
/// obtained by a form POST to `token_refresh_endpoint` (refresh-token, client-credentials or,
/// with `use_profile_assertion`, JWT-bearer grant with a signed `profile_assertion`) and
/// renewed when it expires.
final class OAuthAuthenticator: Authenticator {
    private let endpoint: InterpolatedString?
    private let clientIdName: InterpolatedString
    private let clientId: InterpolatedString?
    private let clientSecretName: InterpolatedString
    private let clientSecret: InterpolatedString?
    private let refreshTokenName: InterpolatedString
    private let refreshToken: InterpolatedString?
    private let accessTokenName: InterpolatedString
    private let expiresInName: InterpolatedString
    private let grantTypeName: InterpolatedString
    private let grantType: InterpolatedString
    private let scopes: [String]
    private let refreshBody: InterpolatedMapping
    private let refreshHeaders: InterpolatedMapping
    private let bodyAsQuery: Bool
    /// `use_profile_assertion`: the refresh request sends only the grant type and this JWT.
    private let profileAssertion: JwtSigner?
    private let expiryDateFormat: String?
    private let refreshTokenErrors: RefreshTokenErrors
    private let config: JinjaValue
    private let engine: HTTPEngine
    private let clock: JinjaClock
    private let events: any SourceEvents

    /// `refresh_token_updater`: the API hands out a new refresh token with each access
    /// token; both live in the config, which is re-emitted as a CONTROL message.
    private struct SingleUse: Sendable {
        let refreshTokenName: String
        let accessTokenPath: [String]
        let refreshTokenPath: [String]
        let expiryPath: [String]
    }
    private let singleUse: SingleUse?
    private let liveConfig: Mutex<JSONValue>

    private struct TokenState {
        var accessToken: String?
        var expiry: PythonDatetime?
    }
    private let token: Mutex<TokenState>
    /// One refresh at a time; others wait and reuse its token.
    private let refreshing = AsyncLock()

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        let interpolation = context.interpolation
        func template(_ field: String, default value: String? = nil) throws(ManifestError) -> InterpolatedString? {
            guard let text = try node.optionalString(field) ?? value else { return nil }
            return InterpolatedString(text, parameters: parameters, in: interpolation)
        }
        endpoint = try template("token_refresh_endpoint")
        clientIdName = try template("client_id_name", default: "client_id")!
        clientId = try template("client_id")
        clientSecretName = try template("client_secret_name", default: "client_secret")!
        clientSecret = try template("client_secret")
        refreshTokenName = try template("refresh_token_name", default: "refresh_token")!
        refreshToken = try template("refresh_token")
        accessTokenName = try template("access_token_name", default: "access_token")!
        expiresInName = try template("expires_in_name", default: "expires_in")!
        grantTypeName = try template("grant_type_name", default: "grant_type")!
        // The CDK reads a string `use_profile_assertion` as an (always truthy) InterpolatedBoolean.
        let useProfileAssertion: Bool
        switch node["use_profile_assertion"] {
        case .bool(let value)?: useProfileAssertion = value
        case .string(let text)?: useProfileAssertion = !text.isEmpty
        case nil, .null?: useProfileAssertion = false
        default: throw node.invalid("use_profile_assertion", "`use_profile_assertion` must be a boolean")
        }
        grantType =
            useProfileAssertion
            ? InterpolatedString("urn:ietf:params:oauth:grant-type:jwt-bearer", parameters: parameters, in: interpolation)
            : try template("grant_type", default: "refresh_token")!
        scopes = try node.stringList("scopes") ?? []
        refreshBody = InterpolatedMapping(
            node["refresh_request_body"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        refreshHeaders = InterpolatedMapping(
            node["refresh_request_headers"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        bodyAsQuery = try node.bool("send_refresh_request_as_query_params", default: false)
        expiryDateFormat = try node.optionalString("token_expiry_date_format")
        config = context.configValue
        engine = context.engine
        clock = context.clock
        events = context.events
        if let updater = try node.component("refresh_token_updater") {
            singleUse = SingleUse(
                refreshTokenName: try updater.optionalString("refresh_token_name") ?? "refresh_token",
                accessTokenPath: try updater.stringList("access_token_config_path") ?? ["credentials", "access_token"],
                refreshTokenPath: try updater.stringList("refresh_token_config_path") ?? ["credentials", "refresh_token"],
                expiryPath: try updater.stringList("token_expiry_date_config_path") ?? ["credentials", "token_expiry_date"])
        } else {
            singleUse = nil
        }
        liveConfig = Mutex(.object(context.config))
        if useProfileAssertion {
            guard let assertion = try node.component("profile_assertion") else {
                throw node.invalid(
                    "profile_assertion",
                    "OAuthAuthenticator configuration error: 'profile_assertion' is required when using the profile assertion flow.")
            }
            _ = try assertion.requireType(["JwtAuthenticator"], role: "profile assertion")
            if bodyAsQuery {
                throw ManifestError(
                    .unsupportedComponent, at: node.fieldPath("send_refresh_request_as_query_params"),
                    "send_refresh_request_as_query_params with use_profile_assertion is not supported")
            }
            profileAssertion = try JwtSigner(assertion, context: context)
        } else {
            profileAssertion = nil
        }
        var initial = TokenState()
        if let valueText = try node.optionalString("access_token_value") {
            let value =
                (try? InterpolatedString(valueText, parameters: parameters, in: interpolation).eval(context.configValue).description) ?? ""
            if !value.isEmpty { initial.accessToken = value }
        }
        if let expiryText = try node.optionalString("token_expiry_date"), !expiryText.isEmpty {
            let evaluated =
                (try? InterpolatedString(expiryText, parameters: parameters, in: interpolation).eval(context.configValue).description)
                ?? expiryText
            initial.expiry = try? DatetimeParser.isoparse(evaluated)
        }
        token = Mutex(initial)
        refreshTokenErrors = try RefreshTokenErrors(node)
        if !useProfileAssertion, clientId == nil || clientSecret == nil {
            throw node.invalid(
                "client_id",
                "OAuthAuthenticator configuration error: Both 'client_id' and 'client_secret' are required for the basic OAuth flow.")
        }
        if singleUse == nil, (try? grantType.eval(context.configValue).description) == "refresh_token", refreshToken == nil {
            throw node.invalid(
                "refresh_token",
                "OAuthAuthenticator configuration error: A 'refresh_token' is required when the 'grant_type' is set to 'refresh_token'.")
        }
    }

    func authHeaders() async throws -> [(String, String)] {
        [("Authorization", "Bearer \(try await accessToken())")]
    }

    private func accessToken() async throws -> String {
        if let singleUse {
            let config = liveConfig.withLock { $0 }
            let access = (try? Dpath.get(config, singleUse.accessTokenPath))?.stringValue ?? ""
            let expiryText = (try? Dpath.get(config, singleUse.expiryPath)).map { $0.stringValue ?? $0.jsonText } ?? ""
            let expiry = expiryText.isEmpty ? nil : try? DatetimeParser.isoparse(expiryText)
            if let expiry, !access.isEmpty, try clock.nowUTC() <= expiry { return access }
            return try await refreshing.withLock { try await refreshNow() }
        }
        let current = token.withLock { $0 }
        if endpoint == nil, let access = current.accessToken { return access }
        if let access = current.accessToken, let expiry = current.expiry, try clock.nowUTC() <= expiry { return access }
        return try await refreshing.withLock {
            let current = token.withLock { $0 }
            if let access = current.accessToken, let expiry = current.expiry, try clock.nowUTC() <= expiry { return access }
            return try await refreshNow()
        }
    }

    var canRefresh: Bool { true }

    /// `refresh_and_set_access_token`: a new token whatever the expiry, unless another request
    /// replaced the token while this one waited for the lock (CDK 7.3x).
    func refresh() async throws {
        let before = token.withLock { $0.accessToken }
        _ = try await refreshing.withLock {
            if token.withLock({ $0.accessToken }) != before { return "" }
            return try await refreshNow()
        }
    }

    private func refreshNow() async throws -> String {
        guard let endpoint else { throw SourceFailure.system("OAuthAuthenticator was unable to evaluate token_refresh_endpoint parameter") }
        let url = try endpoint.eval(config).description
        let headers = try refreshHeaders.eval(config, [:]).map { ($0.key.description, $0.value.description) }
        var arguments: [(key: String, value: JinjaValue)] = [(try grantTypeName.eval(config).description, try grantType.eval(config))]
        if let profileAssertion {
            arguments.append(("assertion", .string(try profileAssertion.token())))
            return try await requestToken(url: url, headers: headers, params: [], data: arguments)
        }
        if !headers.contains(where: { $0.0 == "Authorization" }) {
            arguments.append((try clientIdName.eval(config).description, try clientId!.eval(config)))
            arguments.append((try clientSecretName.eval(config).description, try clientSecret!.eval(config)))
        }
        if let singleUse {
            let current = liveConfig.withLock { (try? Dpath.get($0, singleUse.refreshTokenPath))?.stringValue }
            arguments.append((try refreshTokenName.eval(config).description, current.map(JinjaValue.string) ?? .none))
        } else {
            arguments.append(
                (try refreshTokenName.eval(config).description, try refreshToken.map { .string(try $0.eval(config).description) } ?? .none))
        }
        if !scopes.isEmpty { arguments.append(("scopes", .list(scopes.map(JinjaValue.string)))) }
        for item in try refreshBody.eval(config, [:]) where !arguments.contains(where: { $0.key == item.key.description }) {
            arguments.append((item.key.description, item.value))
        }
        return try await requestToken(
            url: url, headers: headers, params: bodyAsQuery ? arguments : [], data: bodyAsQuery ? [] : arguments)
    }

    /// `_build_provider_error_detail` (CDK 7.3x): the answer's OAuth `error` and the provider code
    /// leading its `error_description` (such as Entra's `AADSTS50173`), short and the same on
    /// every attempt at the same failure.
    private func providerErrorDetail(_ response: HTTPResponse) -> String? {
        guard case .object(let answer)? = try? JSONValue(parsing: response.body) else { return nil }
        var parts: [String] = []
        if let error = answer["error"]?.stringValue, !error.split(whereSeparator: \.isWhitespace).isEmpty {
            parts.append(error.split(whereSeparator: \.isWhitespace).joined(separator: " "))
        }
        if let description = answer["error_description"]?.stringValue, let code = Self.leadingProviderCode(description) {
            parts.append(code)
        }
        guard !parts.isEmpty else { return nil }
        return Self.truncated(redactingCredentials(parts.joined(separator: ": ")), to: 64)
    }

    /// `^[A-Za-z]{3,}\d{4,}\b` on the stripped description.
    static func leadingProviderCode(_ description: String) -> String? {
        let scalars = Array(description.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars)
        var index = 0
        while index < scalars.count, scalars[index].isASCII, scalars[index].properties.isAlphabetic { index += 1 }
        let letters = index
        while index < scalars.count, scalars[index].properties.numericType == .decimal { index += 1 }
        guard letters >= 3, index - letters >= 4 else { return nil }
        if index < scalars.count, scalars[index].properties.isAlphabetic || scalars[index] == "_" { return nil }
        return String(String.UnicodeScalarView(scalars[..<index]))
    }

    static func truncated(_ text: String, to length: Int) -> String {
        text.unicodeScalars.count <= length ? text : String(String.UnicodeScalarView(text.unicodeScalars.prefix(length))) + "..."
    }

    /// `_redact_credentials`: the refresh token and client secret a provider may echo back.
    private func redactingCredentials(_ text: String) -> String {
        var redacted = text
        let refresh =
            singleUse.map { singleUse in liveConfig.withLock { (try? Dpath.get($0, singleUse.refreshTokenPath))?.stringValue } }
            ?? (try? refreshToken?.eval(config).description)
        for case let secret? in [refresh, try? clientSecret?.eval(config).description] where !secret.isEmpty {
            redacted = redacted.replacingOccurrences(of: secret, with: "****")
        }
        return redacted
    }

    /// POSTs the refresh request, retrying network errors, 429 and 5xx for up to five minutes.
    private func requestToken(
        url: String, headers: [(String, String)], params: [(key: String, value: JinjaValue)], data: [(key: String, value: JinjaValue)]
    ) async throws -> String {
        let request = try PreparedRequest.make(
            method: "POST", url: url, headers: headers, params: params, json: .empty, data: data.isEmpty ? .empty : .mapping(data))
        var attempt = 0
        let started = ContinuousClock.now
        while true {
            attempt += 1
            let response: HTTPResponse
            do {
                response = try await engine.send(request)
            } catch {
                if ContinuousClock.now - started < .seconds(300) {
                    try await Task.sleep(for: .seconds(pow(2, Double(attempt - 1))))
                    continue
                }
                throw SourceFailure(
                    message: "OAuth access token refresh request failed due to a network error.",
                    internalMessage: "Network error during OAuth token refresh after retries were exhausted: \(error)",
                    failureType: .transientError)
            }
            if response.status == 429 || response.status >= 500 {
                if ContinuousClock.now - started < .seconds(300) {
                    try await Task.sleep(for: .seconds(pow(2, Double(attempt - 1))))
                    continue
                }
            }
            guard response.ok else {
                // `_wrap_refresh_token_exception`: the answer names the grant as invalid.
                if refreshTokenErrors.refusedGrant(response) {
                    var message =
                        "Refresh token was rejected by the OAuth provider (invalid, expired, or already used). "
                        + "Re-authenticate this source's credentials in its connection settings."
                    if let detail = providerErrorDetail(response) { message += " Provider error: \(detail)" }
                    throw SourceFailure(
                        message: message,
                        internalMessage:
                            "Refresh token rejected by the OAuth token endpoint. HTTP \(response.status): "
                            + Self.truncated(redactingCredentials(response.text), to: 1000),
                        failureType: .configError)
                }
                // `raise_for_status`: the stream fails with an unexpected `HTTPError`, as in the CDK.
                throw RefreshHTTPError(status: response.status, url: url)
            }
            guard let body = try? JSONValue(parsing: response.body) else {
                throw SourceFailure.system("OAuth access token refresh request failed: the response is not JSON")
            }
            let accessName = try accessTokenName.eval(config).description
            guard let accessValue = Self.find(accessName, in: body, depth: 0), ManifestTruthiness.isTruthy(accessValue) else {
                throw SourceFailure.system("Token refresh API response was missing access token \(accessName)")
            }
            let access = accessValue.stringValue ?? accessValue.jsonText
            let expiresIn = Self.find(try expiresInName.eval(config).description, in: body, depth: 0)
            let now = try clock.nowUTC()
            var expiry = try now.adding(PythonTimedelta(seconds: 3600))
            if let expiresIn, expiresIn != .null {
                let text = expiresIn.stringValue ?? expiresIn.jsonText
                if let expiryDateFormat {
                    if let parsed = try? DatetimeParser.parse(text, format: expiryDateFormat) {
                        expiry = parsed
                    } else {
                        expiry = try DatetimeParser.isoparse(text)
                    }
                } else if let seconds = Double(text) {
                    expiry = try now.adding(PythonTimedelta(seconds: Int(seconds)))
                } else {
                    throw SourceFailure.system("Invalid expires_in value: \(text). Expected number of seconds when no format specified.")
                }
            }
            token.withLock { $0 = TokenState(accessToken: access, expiry: expiry) }
            if let singleUse {
                let newRefresh = Self.find(singleUse.refreshTokenName, in: body, depth: 0)
                let updated = liveConfig.withLock { config -> JSONValue in
                    Dpath.new(&config, singleUse.accessTokenPath.map(JSONValue.string), .string(access))
                    if let newRefresh, newRefresh != .null {
                        Dpath.new(&config, singleUse.refreshTokenPath.map(JSONValue.string), newRefresh)
                    }
                    Dpath.new(&config, singleUse.expiryPath.map(JSONValue.string), .string((try? expiry.isoformat()) ?? expiry.description))
                    return config
                }
                events.configUpdated(updated)
            }
            return access
        }
    }

    /// `_find_and_get_value_from_response`: the key anywhere within five levels.
    static func find(_ key: String, in value: JSONValue, depth: Int) -> JSONValue? {
        guard depth <= 5 else { return nil }
        switch value {
        case .object(let object):
            if let found = object[key] { return found }
            for (_, child) in object { if let found = find(key, in: child, depth: depth + 1), found != .null { return found } }
        case .array(let elements):
            for element in elements { if let found = find(key, in: element, depth: depth + 1), found != .null { return found } }
        default: break
        }
        return nil
    }
}
