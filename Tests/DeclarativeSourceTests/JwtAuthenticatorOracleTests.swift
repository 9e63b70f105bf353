import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `JwtAuthenticator` against the CDK's own, with PyJWT signing, at the same frozen instant:
/// deterministic algorithms (HMAC, RSA PKCS#1 v1.5, Ed25519) must give the CDK's token byte for
/// byte; randomized ones (ECDSA, RSA-PSS) the same header and payload, with a signature PyJWT
/// verifies with the public key.
@Suite struct JwtAuthenticatorOracleTests {
    /// Makes one private key per kind with `cryptography`, as PEM.
    static let keysScript = """
        import json
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa, ec, ed25519
        def pem(key, fmt=serialization.PrivateFormat.PKCS8):
            return key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption()).decode()
        rsa_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        print(json.dumps({
            "rsa": pem(rsa_key), "rsa_pkcs1": pem(rsa_key, serialization.PrivateFormat.TraditionalOpenSSL),
            "p256": pem(ec.generate_private_key(ec.SECP256R1())), "p384": pem(ec.generate_private_key(ec.SECP384R1())),
            "p521": pem(ec.generate_private_key(ec.SECP521R1())), "ed25519": pem(ed25519.Ed25519PrivateKey.generate()),
        }))
        """

    /// For each case: the CDK's token at `now`, and whether PyJWT verifies ours.
    static let script = """
        import json, sys, logging, warnings, datetime as dt
        logging.disable(logging.CRITICAL)
        warnings.simplefilter("ignore")
        import jwt
        from cryptography.hazmat.primitives import serialization
        from airbyte_cdk.sources.declarative.auth import jwt as cdk_jwt
        from airbyte_cdk.sources.declarative.models.declarative_component_schema import JwtAuthenticator as Model
        from airbyte_cdk.sources.declarative.parsers.model_to_component_factory import ModelToComponentFactory
        for line in sys.stdin:
            case = json.loads(line)
            class Frozen(dt.datetime):
                @classmethod
                def now(cls, tz=None):
                    return dt.datetime.fromtimestamp(case["now"], tz)
            cdk_jwt.datetime = Frozen
            try:
                authenticator = ModelToComponentFactory().create_component(Model, case["definition"], case["config"])
                token = authenticator.token
                verified = None
                ours = case["ours"].split(" ")[-1]
                if case["key"] is not None:
                    public = serialization.load_pem_private_key(case["key"].encode(), password=None).public_key()
                    algorithm = case["definition"]["algorithm"]
                    verified = jwt.decode(ours, public, algorithms=[algorithm], options={"verify_signature": True, "verify_exp": False, "verify_nbf": False, "verify_iat": False, "verify_aud": False}) is not None
                print(json.dumps({"token": token, "verified": verified}))
            except Exception as error:
                print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        """

    struct Case {
        var definition: JSONObject
        var config: JSONObject
        /// The PEM to verify ours with, for randomized signatures.
        var verifyWith: String? = nil
    }

    static func cases(_ keys: JSONObject) -> [Case] {
        let google: JSONObject = [
            "service_account_info": .string(
                JSONValue.object([
                    "private_key": keys["rsa"]!, "client_email": "robot@example.iam.gserviceaccount.com",
                    "token_uri": "https://oauth2.googleapis.com/token",
                ]).jsonText)
        ]
        func definition(_ algorithm: String, _ key: String, _ extra: JSONObject = [:]) -> JSONObject {
            var object: JSONObject = ["type": "JwtAuthenticator", "algorithm": .string(algorithm), "secret_key": .string(key)]
            for (name, value) in extra { object[name] = value }
            return object
        }
        return [
            // source-google-sheets' service account assertion.
            Case(
                definition: definition(
                    "RS256", "{{ json_loads(config['service_account_info'])['private_key'] }}",
                    [
                        "token_duration": 3600,
                        "jwt_payload": [
                            "aud": "{{ json_loads(config['service_account_info'])['token_uri'] }}",
                            "iss": "{{ json_loads(config['service_account_info'])['client_email'] }}",
                        ],
                        "additional_jwt_payload": ["scope": "https://www.googleapis.com/auth/spreadsheets.readonly"],
                    ]),
                config: google),
            Case(
                definition: definition(
                    "HS256", "{{ config['secret'] }}",
                    [
                        "header_prefix": "Bearer", "jwt_headers": ["kid": "{{ config['kid'] }}", "typ": "JWT", "cty": "json"],
                        "jwt_payload": ["iss": "{{ config['kid'] }}", "sub": "ünïcode", "aud": "{{ 12 }}"],
                        "additional_jwt_headers": ["zeta": "z", "extra": "{{ config['kid'] }}"],
                        "additional_jwt_payload": ["b": "{{ [1, 2] }}", "a": "{{ {'x': None} }}"],
                    ]),
                config: ["secret": "s3cr3t", "kid": "key-1"]),
            Case(definition: definition("HS384", "{{ config['secret'] }}", ["base64_encode_secret_key": true]), config: ["secret": "pass"]),
            Case(definition: definition("HS512", "plain", ["jwt_headers": ["typ": ""]]), config: [:]),
            Case(definition: definition("RS384", "{{ config['key'] }}"), config: ["key": keys["rsa_pkcs1"]!]),
            Case(definition: definition("RS512", "{{ config['key'] }}"), config: ["key": keys["rsa"]!]),
            Case(definition: definition("EdDSA", "{{ config['key'] }}"), config: ["key": keys["ed25519"]!]),
            Case(
                definition: definition("ES256", "{{ config['key'] }}", ["jwt_payload": ["sub": "es"]]), config: ["key": keys["p256"]!],
                verifyWith: keys["p256"]!.stringValue),
            Case(
                definition: definition("ES384", "{{ config['key'] }}"), config: ["key": keys["p384"]!],
                verifyWith: keys["p384"]!.stringValue),
            Case(
                definition: definition("ES512", "{{ config['key'] }}"), config: ["key": keys["p521"]!],
                verifyWith: keys["p521"]!.stringValue),
            Case(
                definition: definition("PS256", "{{ config['key'] }}"), config: ["key": keys["rsa"]!], verifyWith: keys["rsa"]!.stringValue),
            Case(
                definition: definition("PS512", "{{ config['key'] }}"), config: ["key": keys["rsa"]!], verifyWith: keys["rsa"]!.stringValue),
        ]
    }

    static let now: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    static func ours(_ definition: JSONObject, config: JSONObject) async throws -> String {
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: "version: 6.0.0\ntype: DeclarativeSource\nstreams: []"), config: config,
            options: .init(now: { now * 1_000_000 }))
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let context = try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        return try JwtSigner(ComponentNode(definition, path: "authenticator"), context: context).token()
    }

    @Test func tokensAreTheCDKs() async throws {
        guard let python = Harness.oraclePython() else { return }
        let keyLine = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.keysScript, input: "") }
        let firstLine = try #require(keyLine.first, "the key generator gave nothing")
        let keys = try #require(try JSONValue(parsing: Array(firstLine.utf8)).objectValue)
        let cases = Self.cases(keys)
        var input = ""
        var ourTokens: [String] = []
        for item in cases {
            let token = try await Self.ours(item.definition, config: item.config)
            ourTokens.append(token)
            let line: JSONObject = [
                "definition": .object(item.definition), "config": .object(item.config), "now": .number(String(Self.now)),
                "ours": .string(token), "key": item.verifyWith.map(JSONValue.string) ?? .null,
            ]
            input += JSONValue.object(line).jsonText + "\n"
        }
        let lines = try await onOwnThread { [input] in try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input) }
        try #require(lines.count == cases.count, "the CDK answered \(lines.count) of \(cases.count)")
        for (index, (item, line)) in zip(cases, lines).enumerated() {
            let answer = try JSONValue(parsing: Array(line.utf8))
            let cdk = try #require(answer["token"]?.stringValue, "case \(index): the CDK failed: \(answer)")
            let algorithm = item.definition["algorithm"]?.stringValue ?? ""
            if item.verifyWith == nil {
                #expect(ourTokens[index] == cdk, "case \(index) \(algorithm)")
            } else {
                let signedPart = { (token: String) in token.split(separator: ".").prefix(2).joined(separator: ".") }
                #expect(signedPart(ourTokens[index]) == signedPart(cdk), "case \(index) \(algorithm)")
                #expect(answer["verified"] == .bool(true), "case \(index) \(algorithm): PyJWT does not verify ours")
            }
        }
    }

    @Test func reservedClaimsAndUnusableKeysFailClearly() async throws {
        let reserved: JSONObject = [
            "type": "JwtAuthenticator", "algorithm": "HS256", "secret_key": "k", "additional_jwt_payload": ["exp": "1"],
        ]
        await #expect(throws: SourceFailure.self) { try await Self.ours(reserved, config: [:]) }
        let pemAsSecret: JSONObject = [
            "type": "JwtAuthenticator", "algorithm": "HS256", "secret_key": "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----",
        ]
        let error = try await #require(throws: SourceFailure.self) { try await Self.ours(pemAsSecret, config: [:]) }
        #expect("\(error)".contains("should not be used as an HMAC secret"), "\(error)")
        let notAKey: JSONObject = ["type": "JwtAuthenticator", "algorithm": "RS256", "secret_key": "not a key"]
        let failure = try await #require(throws: SourceFailure.self) { try await Self.ours(notAKey, config: [:]) }
        #expect("\(failure)".contains("Failed to sign token"), "\(failure)")
    }
}
