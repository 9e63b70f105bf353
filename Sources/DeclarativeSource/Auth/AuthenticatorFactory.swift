internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `urlBase` is the requester's `url` or `url_base`, which the legacy session token
/// authenticator calls (the CDK passes it as `api_url`).
func makeAuthenticator(_ node: ComponentNode, urlBase: String?, context: BuildContext) throws(ManifestError) -> any Authenticator {
    let type = try node.requireType(
        [
            "NoAuth", "ApiKeyAuthenticator", "BearerAuthenticator", "BasicHttpAuthenticator", "SelectiveAuthenticator",
            "OAuthAuthenticator", "SessionTokenAuthenticator", "LegacySessionTokenAuthenticator", "JwtAuthenticator",
        ],
        role: "authenticator")
    let parameters = node.parameters
    let interpolation = context.interpolation
    switch type {
    case "NoAuth":
        return NoAuthenticator()
    case "ApiKeyAuthenticator":
        let option: RequestOption
        if let inject = try node.component("inject_into") {
            if node.has("header") {
                throw node.invalid(
                    "header", "inject_into and header cannot be set both for ApiKeyAuthenticator - remove the deprecated header option")
            }
            option = try RequestOption(inject, context: context, parameters: parameters)
        } else if let header = try node.optionalString("header") {
            option = RequestOption(injectInto: .header, fieldName: header, context: context, parameters: parameters)
        } else {
            throw node.invalid("inject_into", "Expected either inject_into or header to be set for ApiKeyAuthenticator")
        }
        let token = InterpolatedString(try node.optionalString("api_token") ?? "", parameters: parameters, in: interpolation)
        return ApiKeyAuthenticator(
            option: option, tokenProvider: InterpolatedTokenProvider(template: token, config: context.configValue),
            config: context.configValue)
    case "BearerAuthenticator":
        let token = InterpolatedString(try node.optionalString("api_token") ?? "", parameters: parameters, in: interpolation)
        return BearerAuthenticator(tokenProvider: InterpolatedTokenProvider(template: token, config: context.configValue))
    case "BasicHttpAuthenticator":
        return BasicHttpAuthenticator(
            username: InterpolatedString(try node.string("username"), parameters: parameters, in: interpolation),
            password: InterpolatedString(try node.optionalString("password") ?? "", parameters: parameters, in: interpolation),
            config: context.configValue)
    case "SelectiveAuthenticator":
        guard case .object(let authenticators)? = node["authenticators"] else {
            throw node.invalid("authenticators", "SelectiveAuthenticator requires `authenticators`")
        }
        guard let path = try node.stringList("authenticator_selection_path") else {
            throw node.invalid("authenticator_selection_path", "SelectiveAuthenticator requires `authenticator_selection_path`")
        }
        guard let selected = try? Dpath.get(.object(context.config), path) else {
            throw ManifestError(
                .invalidComponent, at: node.path, "The path from `authenticator_selection_path` is not found in the config.")
        }
        let name = selected.pathText
        guard case .object(let chosen)? = authenticators[name] else {
            throw ManifestError(.invalidComponent, at: node.path, "The authenticator `\(name)` is not found.")
        }
        return SelectiveAuthenticator(
            selected: try makeAuthenticator(
                ComponentNode(chosen, path: node.fieldPath("authenticators.\(name)")), urlBase: urlBase, context: context))
    case "OAuthAuthenticator":
        return try OAuthAuthenticator(node, context: context)
    case "JwtAuthenticator":
        let signer = try JwtSigner(node, context: context)
        return ApiKeyAuthenticator(option: signer.requestOption, tokenProvider: signer, config: context.configValue)
    case "SessionTokenAuthenticator":
        return try makeSessionTokenAuthenticator(node, context: context)
    default:
        return try LegacySessionTokenAuthenticator(node, urlBase: urlBase ?? "", context: context)
    }
}
