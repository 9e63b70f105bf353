import AirbyteProtocol
import Crypto
import Foundation
import Jinja
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `JwtAuthenticator` against the Python CDK (PyJWT) with the clock frozen for both: HMAC
/// and RSA tokens are deterministic, so the requests (each carrying a token) must be the same
/// byte for byte: header claims and extra headers (sorted, as PyJWT sorts them), payload claims
/// in PyJWT's order, a header prefix, a base64-encoded secret, a token put in a query parameter.
@Suite struct JwtAuthenticatorOracleTests {
    static let server = """
        import json, sys, threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
        from urllib.parse import urlsplit, parse_qsl
        LOCK = threading.Lock()
        LOG = []
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def do_GET(self):
                url = urlsplit(self.path)
                with LOCK:
                    if url.path == "/__log":
                        body = list(LOG)
                        LOG.clear()
                    else:
                        LOG.append({"path": url.path, "query": sorted(parse_qsl(url.query)), "authorization": self.headers.get("Authorization")})
                        body = [{"id": 1}]
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        print(server.server_address[1], flush=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        sys.stdin.read()  # ends when the test closes its end (or dies)
        """

    static let keyScript = """
        import sys
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        print(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()).decode())
        """

    static func manifest(port: Int) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [hmac]}
        spec: {type: Spec, connection_specification: {type: object}}
        definitions:
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        streams:
          - type: DeclarativeStream
            name: hmac
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                type: HttpRequester
                url_base: "http://127.0.0.1:\(port)"
                path: /hmac
                authenticator:
                  type: JwtAuthenticator
                  secret_key: "{{ config.secret }}"
                  algorithm: HS256
                  token_duration: 600
                  header_prefix: Bearer
                  jwt_headers: {kid: "{{ config.key_id }}", cty: JWT}
                  jwt_payload: {iss: "{{ config.issuer }}", sub: subject-é, aud: "https://api.example.com"}
                  additional_jwt_headers: {zone: "eu", scope: "{{ config.scope }}"}
                  additional_jwt_payload: {tenant: "{{ config.tenant }}", admin: "{{ config.admin }}"}
          - type: DeclarativeStream
            name: base64
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                type: HttpRequester
                url_base: "http://127.0.0.1:\(port)"
                path: /base64
                authenticator:
                  type: JwtAuthenticator
                  secret_key: "{{ config.secret }}"
                  algorithm: HS512
                  base64_encode_secret_key: true
                  token_duration: 30
                  jwt_headers: {typ: "{{ config.get('no_typ', '') }}"}
          - type: DeclarativeStream
            name: rsa
            retriever:
              type: SimpleRetriever
              record_selector: {$ref: "#/definitions/selector"}
              requester:
                type: HttpRequester
                url_base: "http://127.0.0.1:\(port)"
                path: /rsa
                authenticator:
                  type: JwtAuthenticator
                  secret_key: "{{ config.private_key }}"
                  algorithm: RS256
                  jwt_payload: {iss: service-account}
                  request_option: {type: RequestOption, inject_into: request_parameter, field_name: assertion}
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["hmac", "base64", "rsa"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                    "sync_mode": "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    /// The harness's frozen instant (`FROZEN_NOW`), read as UTC.
    static let frozen = "2024-06-01 00:00:00"
    static let frozenMicroseconds: Int64 = 1_717_200_000_000_000

    @Test func signsLikeTheCDK() async throws {
        guard let python = Harness.python, Harness.hasFaketime else {
            if Harness.isCI { Issue.record("the oracle venv or faketime is missing in CI") }
            print("skipped: the oracle venv (scripts/setup-oracles) or faketime is missing")
            return
        }
        let keyLines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.keyScript, input: "") }
        let config: JSONObject = [
            "secret": "s3cr3t-key-with-enough-length-for-hs512", "key_id": "k-1", "issuer": "issuer@example.com", "scope": "read",
            "tenant": "t-9", "admin": "true", "private_key": .string(keyLines.joined(separator: "\n") + "\n"),
        ]
        let (server, serverInput, port) = try await onOwnThread {
            try HttpComponentsResolverOracleTests.startServer(python, script: Self.server)
        }
        defer {
            try? serverInput.fileHandleForWriting.close()
            server.waitUntilExit()
        }
        let manifest = Self.manifest(port: port)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(
                python, manifest: manifest, config: config, catalog: Self.catalog, state: [], frozenAt: Self.frozen)
        }
        let cdk = AsyncRetrieverOracleTests.Outcome(messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        let options = DeclarativeSource.Options(now: { Self.frozenMicroseconds })
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: config, options: options)
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: [], sink: sink)
        let ours = AsyncRetrieverOracleTests.Outcome(messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        #expect(cdk.records.count == 3, "the CDK read every stream: \(cdk)")
        #expect(cdk.requests.count == 3)
        #expect(ours.requests == cdk.requests, "CDK \(cdk.requests)\nours \(ours.requests)")
        #expect(ours.records == cdk.records)
        #expect(ours.errors == cdk.errors)
    }

    /// ECDSA signatures are random: the token's signature verifies with the public key.
    @Test func anES256TokenVerifies() async throws {
        let key = P256.Signing.PrivateKey()
        let yaml = """
            version: 6.44.0
            type: DeclarativeSource
            check: {type: CheckStream, stream_names: [s]}
            streams:
              - type: DeclarativeStream
                name: s
                retriever:
                  type: SimpleRetriever
                  record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
                  requester:
                    type: HttpRequester
                    url_base: "https://api.example.com"
                    authenticator: {type: JwtAuthenticator, secret_key: "{{ config.key }}", algorithm: ES256, token_duration: 60}
            """
        let source = DeclarativeSource(
            manifest: try ResolvedManifest(yaml: yaml), config: ["key": .string(key.pemRepresentation)],
            options: DeclarativeSource.Options(now: { Self.frozenMicroseconds }))
        let engine = HTTPEngine()
        let built = Result { try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine) }
        await engine.shutdown()
        let context = try built.get()
        let node = ComponentNode(
            try #require(source.manifest.root["streams"]?.arrayValue?.first?["retriever"]?["requester"]?["authenticator"]?.objectValue), path: "auth")
        let token = try JwtTokenProvider(node, context: context).signedToken()
        let parts = token.split(separator: ".").map(String.init)
        try #require(parts.count == 3)
        func decode(_ text: String) throws -> Data {
            var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            while base64.count % 4 != 0 { base64 += "=" }
            return try #require(Data(base64Encoded: base64))
        }
        #expect(String(decoding: try decode(parts[0]), as: UTF8.self) == #"{"alg":"ES256","typ":"JWT"}"#)
        #expect(String(decoding: try decode(parts[1]), as: UTF8.self) == #"{"iat":1717200000,"exp":1717200060,"nbf":1717200000}"#)
        let signature = try P256.Signing.ECDSASignature(rawRepresentation: try decode(parts[2]))
        #expect(key.publicKey.isValidSignature(signature, for: Data("\(parts[0]).\(parts[1])".utf8)))
    }

    @Test func unsupportedAlgorithmsAndEncryptedKeysAreRefused() throws {
        for (extra, field) in [("algorithm: EdDSA", "algorithm"), ("algorithm: HS256, passphrase: x", "passphrase")] {
            let yaml = """
                version: 6.44.0
                type: DeclarativeSource
                check: {type: CheckStream, stream_names: [s]}
                streams:
                  - type: DeclarativeStream
                    name: s
                    retriever:
                      type: SimpleRetriever
                      record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
                      requester:
                        type: HttpRequester
                        url_base: "https://api.example.com"
                        authenticator: {type: JwtAuthenticator, secret_key: k, \(extra)}
                """
            let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
            let error = try #require(throws: ManifestError.self) { try source.validate() }
            #expect(error.code == .unsupportedComponent)
            #expect(error.path == "streams[0].retriever.requester.authenticator.\(field)")
        }
    }
}
