internal import AirbyteProtocol
internal import Crypto
internal import DeclarativeManifest
internal import Foundation
internal import Jinja
internal import _CryptoExtras

/// The CDK's `JwtAuthenticator` token: a JSON Web Token signed afresh for every request, as
/// PyJWT signs it: the header's keys sorted, the payload in its own order (`iss`, `sub`, `aud`,
/// then `iat`, `exp`, `nbf` after the additional properties), both compact, ASCII-only JSON.
/// Templates may call `json_loads`. A `JwtAuthenticator` sends it through an
/// ``ApiKeyAuthenticator`` under ``requestOption`` (`Authorization` by default); an
/// `OAuthAuthenticator` sends it as its `profile_assertion` (Google service accounts).
struct JwtSigner: TokenProvider {
    private let algorithm: JwtAlgorithm
    private let secretKey: InterpolatedString
    private let base64EncodeSecretKey: Bool
    private let passphrase: InterpolatedString?
    private let tokenDuration: Int?
    private let headerPrefix: InterpolatedString?
    private let kid: InterpolatedString?
    private let typ: InterpolatedString?
    private let cty: InterpolatedString?
    private let iss: InterpolatedString?
    private let sub: InterpolatedString?
    private let aud: InterpolatedString?
    private let additionalHeaders: InterpolatedMapping
    private let additionalPayload: InterpolatedMapping
    /// Where the token goes: `request_option`, or the `Authorization` header.
    let requestOption: RequestOption
    private let config: JinjaValue
    private let clock: JinjaClock

    init(_ node: ComponentNode, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        let interpolation = context.interpolation
        func template(_ text: String?) -> InterpolatedString? {
            guard let text, !text.isEmpty else { return nil }
            return InterpolatedString(text, parameters: parameters, in: interpolation)
        }
        let algorithmName = try node.string("algorithm")
        guard let algorithm = JwtAlgorithm(rawValue: algorithmName) else {
            throw node.invalid("algorithm", "Unknown JWT algorithm \(algorithmName)")
        }
        self.algorithm = algorithm
        secretKey = InterpolatedString(try node.string("secret_key"), parameters: parameters, in: interpolation)
        switch node["base64_encode_secret_key"] {
        case .bool(let value)?: base64EncodeSecretKey = value
        // The CDK keeps a string as an InterpolatedBoolean object, which is always truthy.
        case .string(let text)?: base64EncodeSecretKey = !text.isEmpty
        case nil, .null?: base64EncodeSecretKey = false
        default: throw node.invalid("base64_encode_secret_key", "`base64_encode_secret_key` must be a boolean")
        }
        passphrase = template(try node.optionalString("passphrase"))
        tokenDuration = node.has("token_duration") ? try node.optionalInt("token_duration") : 1200
        headerPrefix = template(try node.optionalString("header_prefix"))
        let headers = try node.component("jwt_headers")
        kid = template(try headers?.optionalString("kid"))
        typ = template(headers == nil ? "JWT" : try headers?.optionalString("typ") ?? "JWT")
        cty = template(try headers?.optionalString("cty"))
        let payload = try node.component("jwt_payload")
        iss = template(try payload?.optionalString("iss"))
        sub = template(try payload?.optionalString("sub"))
        aud = template(try payload?.optionalString("aud"))
        additionalHeaders = InterpolatedMapping(
            node["additional_jwt_headers"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        additionalPayload = InterpolatedMapping(
            node["additional_jwt_payload"]?.objectValue ?? JSONObject(), parameters: parameters, in: interpolation)
        if let request = try node.component("request_option") {
            requestOption = try RequestOption(request, context: context, parameters: parameters)
        } else {
            requestOption = RequestOption(injectInto: .header, fieldName: "Authorization", context: context, parameters: parameters)
        }
        config = context.configValue
        clock = context.clock
    }

    /// The CDK's `token`: the signed JWT, after `header_prefix` and a space when there is one.
    func token() throws -> String {
        let signed = try signedToken()
        let prefix = try headerPrefix.map { try $0.eval(config, Self.variables).description } ?? ""
        return prefix.isEmpty ? signed : "\(prefix) \(signed)"
    }

    private static let variables: [String: JinjaValue] = ["json_loads": .jsonLoads]

    private func signedToken() throws -> String {
        let header = try headerJSON()
        let payload = try payloadJSON()
        let key = try secretKey.eval(config, Self.variables).description
        let input = Self.base64URL(Data(header.utf8)) + "." + Self.base64URL(Data(payload.utf8))
        do {
            if let passphrase, !(try passphrase.eval(config, Self.variables).description).isEmpty {
                throw JwtSigningError("encrypted private keys (a `passphrase`) are not supported")
            }
            let secret = base64EncodeSecretKey ? Data(key.utf8).base64EncodedString() : key
            let signature = try algorithm.sign(Data(input.utf8), key: secret)
            return input + "." + Self.base64URL(signature)
        } catch {
            throw SourceFailure.system("ValueError: Failed to sign token: \(error)")
        }
    }

    /// PyJWT's header: `typ` and `alg`, updated with the CDK's headers, keys sorted.
    private func headerJSON() throws -> String {
        var headers = PythonDict(try additionalHeaders.eval(config, Self.variables))
        if ["kid", "alg", "typ", "cty"].contains(where: { headers[$0] != nil }) {
            throw SourceFailure.system(
                "ValueError: 'kid', 'alg', 'typ', 'cty' are reserved headers and should not be set as part of 'additional_jwt_headers'")
        }
        if let kid { headers["kid"] = try kid.eval(config, Self.variables) }
        if let typ { headers["typ"] = try typ.eval(config, Self.variables) }
        if let cty { headers["cty"] = try cty.eval(config, Self.variables) }
        headers["alg"] = .string(algorithm.rawValue)
        var header = PythonDict([("typ", "JWT"), ("alg", .string(algorithm.rawValue))])
        header.update(headers)
        if let typ = header["typ"], !typ.isTruthy { header["typ"] = nil }
        return try JinjaValue.dict(header.items).pythonJSON(sortKeys: true, compact: true)
    }

    private func payloadJSON() throws -> String {
        let now = Int(clock.epochMicroseconds / 1_000_000)
        var payload = PythonDict(try additionalPayload.eval(config, Self.variables))
        if ["iss", "sub", "aud", "iat", "exp", "nbf"].contains(where: { payload[$0] != nil }) {
            throw SourceFailure.system(
                "ValueError: 'iss', 'sub', 'aud', 'iat', 'exp', 'nbf' are reserved properties and should not be set as part of 'additional_jwt_payload'"
            )
        }
        if let iss { payload["iss"] = try iss.eval(config, Self.variables) }
        if let sub { payload["sub"] = try sub.eval(config, Self.variables) }
        if let aud { payload["aud"] = try aud.eval(config, Self.variables) }
        payload["iat"] = .int(now)
        payload["exp"] = .int(now + (tokenDuration ?? 0))
        payload["nbf"] = .int(now)
        return try JinjaValue.dict(payload.items).pythonJSON(compact: true)
    }

    /// A Python dict's order: a key set again keeps its place.
    private struct PythonDict {
        var items: [(JinjaValue, JinjaValue)]
        init(_ items: [(key: JinjaValue, value: JinjaValue)]) { self.items = items.map { ($0.key, $0.value) } }
        init(_ items: [(JinjaValue, JinjaValue)]) { self.items = items }
        subscript(key: String) -> JinjaValue? {
            get { items.first { $0.0 == .string(key) }?.1 }
            set {
                let index = items.firstIndex { $0.0 == .string(key) }
                switch (index, newValue) {
                case (let index?, let value?): items[index].1 = value
                case (let index?, nil): items.remove(at: index)
                case (nil, let value?): items.append((.string(key), value))
                case (nil, nil): break
                }
            }
        }
        /// `dict.update`.
        mutating func update(_ other: PythonDict) {
            for (key, value) in other.items {
                if let index = items.firstIndex(where: { $0.0 == key }) { items[index].1 = value } else { items.append((key, value)) }
            }
        }
    }

    /// Base64url without padding (RFC 7515).
    static func base64URL(_ data: Data) -> String {
        var text = data.base64EncodedString()
        text = text.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        while text.hasSuffix("=") { text.removeLast() }
        return text
    }
}

/// Why a token could not be signed (PyJWT's `InvalidKeyError` and the like).
struct JwtSigningError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The JWS algorithms the CDK's schema lists.
enum JwtAlgorithm: String {
    case hs256 = "HS256"
    case hs384 = "HS384"
    case hs512 = "HS512"
    case es256 = "ES256"
    case es256k = "ES256K"
    case es384 = "ES384"
    case es512 = "ES512"
    case rs256 = "RS256"
    case rs384 = "RS384"
    case rs512 = "RS512"
    case ps256 = "PS256"
    case ps384 = "PS384"
    case ps512 = "PS512"
    case edDSA = "EdDSA"

    /// The signature of `input`, with `key` as PyJWT takes it: the secret's UTF-8 bytes for
    /// HMAC, a PEM private key otherwise.
    func sign(_ input: Data, key: String) throws -> Data {
        switch self {
        case .hs256, .hs384, .hs512:
            if Self.looksAsymmetric(key) {
                throw JwtSigningError(
                    "The specified key is an asymmetric key or x509 certificate and should not be used as an HMAC secret.")
            }
            let secret = SymmetricKey(data: Data(key.utf8))
            switch self {
            case .hs256: return Data(HMAC<SHA256>.authenticationCode(for: input, using: secret))
            case .hs384: return Data(HMAC<SHA384>.authenticationCode(for: input, using: secret))
            default: return Data(HMAC<SHA512>.authenticationCode(for: input, using: secret))
            }
        case .rs256, .rs384, .rs512, .ps256, .ps384, .ps512:
            let privateKey = try _RSA.Signing.PrivateKey(unsafePEMRepresentation: key)
            let padding: _RSA.Signing.Padding = [.rs256, .rs384, .rs512].contains(self) ? .insecurePKCS1v1_5 : .PSS
            switch self {
            case .rs256, .ps256: return try privateKey.signature(for: SHA256.hash(data: input), padding: padding).rawRepresentation
            case .rs384, .ps384: return try privateKey.signature(for: SHA384.hash(data: input), padding: padding).rawRepresentation
            default: return try privateKey.signature(for: SHA512.hash(data: input), padding: padding).rawRepresentation
            }
        case .es256: return try P256.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation
        case .es384: return try P384.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation
        case .es512: return try P521.Signing.PrivateKey(pemRepresentation: key).signature(for: input).rawRepresentation
        case .edDSA: return try Curve25519.Signing.PrivateKey(rawRepresentation: try Self.ed25519Seed(pem: key)).signature(for: input)
        case .es256k: throw JwtSigningError("ES256K (secp256k1) signing is not supported natively")
        }
    }

    /// PyJWT's `is_pem_format` / `is_ssh_key` guard for HMAC secrets.
    private static func looksAsymmetric(_ key: String) -> Bool {
        let pem =
            key.range(
                of:
                    #"----[- ]BEGIN (CERTIFICATE|(RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY|(RSA |EC )?PUBLIC KEY|OPENSSH PRIVATE KEY|SSH2 PUBLIC KEY)[- ]----"#,
                options: .regularExpression) != nil
        let ssh = ["ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]
            .contains { key.hasPrefix($0) }
        return pem || ssh
    }

    /// The 32-byte seed of a PKCS#8 Ed25519 private key (`-----BEGIN PRIVATE KEY-----`).
    private static func ed25519Seed(pem: String) throws -> Data {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        // SEQUENCE { INTEGER 0, SEQUENCE { OID 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
        let prefix: [UInt8] = [0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20]
        guard let der = Data(base64Encoded: body), der.count == prefix.count + 32, der.starts(with: prefix) else {
            throw JwtSigningError("EdDSA needs an Ed25519 private key in PKCS#8 PEM (Ed448 is not supported natively)")
        }
        return der.dropFirst(prefix.count)
    }
}
