internal import AirbyteProtocol
internal import DeclarativeManifest

/// What makes a refused token refresh an expired grant, the user's to fix
/// (`_get_refresh_token_error_information`): the statuses, the key of the answer and its values,
/// from the authenticator or its `refresh_token_updater` (not both), else the CDK's defaults,
/// 400 with `error` `invalid_grant` or `invalid_permissions`.
struct RefreshTokenErrors: Sendable {
    let statusCodes: [Int]
    let key: String
    let values: [String]

    init(_ node: ComponentNode) throws(ManifestError) {
        func defines(_ object: JSONObject) -> Bool {
            ["refresh_token_error_status_codes", "refresh_token_error_key", "refresh_token_error_values"].contains { field in
                object[field].map { ManifestTruthiness.isTruthy($0) } ?? false
            }
        }
        let updater = node["refresh_token_updater"]?.objectValue
        let onUpdater = updater.map(defines) ?? false
        let onAuthenticator = defines(node.object)
        if onUpdater && onAuthenticator {
            throw node.invalid(
                "refresh_token_error_status_codes",
                "refresh_token_error should either be defined on the OAuthAuthenticatorModel or the RefreshTokenUpdaterModel, not both")
        }
        guard let source = onUpdater ? updater : onAuthenticator ? node.object : nil else {
            (statusCodes, key, values) = ([400], "error", ["invalid_grant", "invalid_permissions"])
            return
        }
        statusCodes = (source["refresh_token_error_status_codes"]?.arrayValue ?? []).compactMap { Int($0.jsonText) }
        key = source["refresh_token_error_key"]?.stringValue ?? ""
        values = (source["refresh_token_error_values"]?.arrayValue ?? []).compactMap(\.stringValue)
    }

    /// `_wrap_refresh_token_exception`: the refusal names the grant as invalid.
    func refusedGrant(_ response: HTTPResponse) -> Bool {
        guard statusCodes.contains(response.status), case .object(let answer)? = try? JSONValue(parsing: response.body),
            let value = answer[key]?.stringValue
        else { return false }
        return values.contains(value)
    }
}
