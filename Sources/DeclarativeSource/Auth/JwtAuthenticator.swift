internal import AirbyteProtocol
internal import Crypto
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import _CryptoExtras

/// `JwtAuthenticator`: a JSON Web Token signed anew for every request, as PyJWT's
/// `jwt.encode` writes it (header keys sorted, compact JSON, base64url without padding), put
/// where `request_option` says (`Authorization` by default), after `header_prefix`.
///
/// HMAC (`HS256/384/512`), RSA PKCS#1 v1.5 (`RS256/384/512`) and PSS (`PS256/384/512`), and
/// ECDSA on P-256/384/521 (`ES256/384/512`) sign natively; `ES256K` and `EdDSA`, and keys
/// encrypted with a `passphrase`, are refused at load.
struct JwtTokenProvider: TokenProvider {
    enum Algorithm: String, Sendable {
        case hs256 = "HS256", hs384 = "HS384", hs512 = "HS512"
        case rs256 = "RS256", rs384 = "RS384", rs512 = "RS512"
        case ps256 = "PS256", ps384 = "PS384", ps512 = "PS512"
        case es256 = "ES256", es384 = "ES384", es512 = "ES512"
    }

    let algorithm: Algorithm
    let secretKey: InterpolatedString
    let base64EncodeSecretKey: Bool
    let tokenDuration: Int?
    let headerPrefix: InterpolatedString?
    /// `jwt_headers`: `kid`, `typ` (JWT by default), `cty`.
    let headerClaims: [(String, InterpolatedString)]
    /// `jwt_payload`: `iss`, `sub`, `aud`.
    let payloadClaims: [(String, InterpolatedString)]
    let additionalHeaders: InterpolatedMapping
    let additionalPayload: InterpolatedMapping
    let config: JinjaValue
    let clock: JinjaClock

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        let text = try node.string("algorithm")
        guard let algorithm = Algorithm(rawValue: text) else {
            if ["ES256K", "EdDSA"].contains(text) {
                throw ManifestError(.unsupportedComponent, at: node.fieldPath("algorithm"), "JwtAuthenticator algorithm \(text) is not supported yet")
            }
            throw node.invalid("algorithm", "value is not a valid enumeration member: \(text)")
        }
        if node.has("passphrase") {
            throw ManifestError(
                .unsupportedComponent, at: node.fieldPath("passphrase"), "JwtAuthenticator keys encrypted with a passphrase are not supported yet")
        }
        self.algorithm = algorithm
        let parameters = node.parameters
        let interpolation = context.interpolation
        func template(_ node: ComponentNode?, _ field: String, default defaultValue: String? = nil) throws(ManifestError) -> InterpolatedString? {
            guard let value = try node?.optionalString(field) ?? defaultValue, !value.isEmpty else { return nil }
            return InterpolatedString(value, parameters: parameters, in: interpolation)
        }
        secretKey = InterpolatedString(try node.string("secret_key"), parameters: parameters, in: interpolation)
        base64EncodeSecretKey = try node.bool("base64_encode_secret_key", default: false)
        tokenDuration = node.has("token_duration") ? try node.optionalInt("token_duration") : 1200
        headerPrefix = try template(node, "header_prefix")
        // `jwt_headers` (`typ` defaults to JWT) and `jwt_payload`, as `create_jwt_authenticator` reads them.
        let headersNode = try node.component("jwt_headers")
        var headerClaims: [(String, InterpolatedString)] = []
        for field in ["kid", "typ", "cty"] {
            if let value = try template(headersNode, field, default: field == "typ" ? "JWT" : nil) { headerClaims.append((field, value)) }
        }
        self.headerClaims = headerClaims
        let payloadNode = try node.component("jwt_payload")
        var payloadClaims: [(String, InterpolatedString)] = []
        for field in ["iss", "sub", "aud"] {
            if let value = try template(payloadNode, field) { payloadClaims.append((field, value)) }
        }
        self.payloadClaims = payloadClaims
        additionalHeaders = InterpolatedMapping(node["additional_jwt_headers"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        additionalPayload = InterpolatedMapping(node["additional_jwt_payload"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        config = context.configValue
        clock = context.clock
    }

    /// `token`: the prefix, a space, and the signed token.
    func token() async throws -> String {
        let signed = try signedToken()
        guard let headerPrefix else { return signed }
        let prefix = try headerPrefix.eval(config).description
        return prefix.isEmpty ? signed : "\(prefix) \(signed)"
    }

    /// `_get_signed_token`.
    func signedToken() throws -> String {
        var header = OrderedMembers()
        for item in try additionalHeaders.eval(config) { header[item.key.description] = item.value }
        if ["kid", "alg", "typ", "cty"].contains(where: { header[$0] != nil }) {
            throw SourceFailure.system(
                "ValueError: 'kid', 'alg', 'typ', 'cty' are reserved headers and should not be set as part of 'additional_jwt_headers'")
        }
        for (name, value) in headerClaims { header[name] = try value.eval(config) }
        // PyJWT: {"typ": "JWT", "alg": ...} updated with the given headers; an empty typ is dropped.
        var joseHeader = OrderedMembers()
        joseHeader["typ"] = "JWT"
        joseHeader["alg"] = .string(algorithm.rawValue)
        for (key, value) in header.members { joseHeader[key] = value }
        if let typ = joseHeader["typ"], !typ.isTruthy { joseHeader["typ"] = nil }

        let now = Int(clock.epochMicroseconds / 1_000_000)
        var payload = OrderedMembers()
        for item in try additionalPayload.eval(config) { payload[item.key.description] = item.value }
        if ["iss", "sub", "aud", "iat", "exp", "nbf"].contains(where: { payload[$0] != nil }) {
            throw SourceFailure.system(
                "ValueError: 'iss', 'sub', 'aud', 'iat', 'exp', 'nbf' are reserved properties and should not be set as part of 'additional_jwt_payload'")
        }
        for (name, value) in payloadClaims { payload[name] = try value.eval(config) }
        if let iss = payload["iss"], iss.kind != .string {
            throw SourceFailure.system("ValueError: Failed to sign token: Issuer (iss) must be a string.")
        }
        payload["iat"] = .int(now)
        payload["exp"] = .int(now + (tokenDuration ?? 0))
        payload["nbf"] = .int(now)

        let headerSegment = Self.base64URL(Array(try PythonJSON.compactDumps(.dict(joseHeader.members), sortKeys: true).utf8))
        let payloadSegment = Self.base64URL(Array(try PythonJSON.compactDumps(.dict(payload.members), sortKeys: false).utf8))
        let signingInput = Array("\(headerSegment).\(payloadSegment)".utf8)
        let signature: [UInt8]
        do {
            signature = try sign(signingInput, key: try secretKeyText())
        } catch let failure as SourceFailure {
            throw failure
        } catch {
            throw SourceFailure.system("ValueError: Failed to sign token: \(error)")
        }
        return "\(headerSegment).\(payloadSegment).\(Self.base64URL(signature))"
    }

    /// `_get_secret_key`: the key's text, base64-encoded with `base64_encode_secret_key`.
    private func secretKeyText() throws -> String {
        let key = try secretKey.eval(config).description
        return base64EncodeSecretKey ? Data(key.utf8).base64EncodedString() : key
    }

    private func sign(_ input: [UInt8], key: String) throws -> [UInt8] {
        switch algorithm {
        case .hs256: return Array(HMAC<SHA256>.authenticationCode(for: input, using: SymmetricKey(data: Array(key.utf8))))
        case .hs384: return Array(HMAC<SHA384>.authenticationCode(for: input, using: SymmetricKey(data: Array(key.utf8))))
        case .hs512: return Array(HMAC<SHA512>.authenticationCode(for: input, using: SymmetricKey(data: Array(key.utf8))))
        case .rs256, .ps256:
            return try rsa(key, SHA256.hash(data: input), pss: algorithm == .ps256)
        case .rs384, .ps384:
            return try rsa(key, SHA384.hash(data: input), pss: algorithm == .ps384)
        case .rs512, .ps512:
            return try rsa(key, SHA512.hash(data: input), pss: algorithm == .ps512)
        case .es256: return Array(try P256.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation)
        case .es384: return Array(try P384.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation)
        case .es512: return Array(try P521.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation)
        }
    }

    private func rsa<D: Digest>(_ key: String, _ digest: D, pss: Bool) throws -> [UInt8] {
        let privateKey = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: key)
        let signature = try privateKey.signature(for: digest, padding: pss ? .PSS : .insecurePKCS1v1_5)
        return Array(signature.rawRepresentation)
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

/// A Python dict's members in insertion order; setting a key again keeps its place.
struct OrderedMembers {
    private(set) var members: [(String, JinjaValue)] = []

    subscript(key: String) -> JinjaValue? {
        get { members.first { $0.0 == key }?.1 }
        set {
            let index = members.firstIndex { $0.0 == key }
            switch (index, newValue) {
            case (let index?, let value?): members[index].1 = value
            case (let index?, nil): members.remove(at: index)
            case (nil, let value?): members.append((key, value))
            case (nil, nil): break
            }
        }
    }
}
