import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// An OAuth refresh that the token endpoint refuses, against the Python CDK's
/// `source-declarative-manifest read`: with `refresh_token_error_status_codes`, `_key` and
/// `_values` matching the answer, the read fails as a config error asking the user to
/// re-authenticate; when they do not match, as the CDK's system error; without them, by the
/// CDK's defaults (400 with `invalid_grant`). Compared: each error TRACE's message and failure
/// type.
@Suite struct OAuthRefreshErrorOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``): the token endpoint answers 400 with
    /// `{"error": "invalid_grant"}`.
    static let server = """
        import json
        from http.server import BaseHTTPRequestHandler
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def log_message(self, *args):
                pass
            def answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                status, body = (400, {"error": "invalid_grant"}) if self.path.startswith("/token") else (200, {"data": [{"id": 1}]})
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            do_GET = answer
            do_POST = answer
        """

    /// The authenticator's refresh error fields, as YAML lines (none: the CDK's defaults).
    static func manifest(port: Int, errorFields: String) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [users]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        streams:
          - type: DeclarativeStream
            name: users
            schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: "http://127.0.0.1:\(port)"
                path: /users
                authenticator:
                  type: OAuthAuthenticator
                  token_refresh_endpoint: "http://127.0.0.1:\(port)/token"
                  client_id: id
                  client_secret: secret
                  refresh_token: refresh
                  \(errorFields)
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
        """
    }

    static let catalog: JSONValue = [
        "streams": [
            [
                "stream": ["name": "users", "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                "sync_mode": "full_refresh", "destination_sync_mode": "append",
            ]
        ]
    ]

    static func errors(_ messages: [JSONValue]) -> [String] {
        messages.compactMap { message in
            guard message["type"] == "TRACE", let error = message["trace"]?["error"] else { return nil }
            return "\(error["failure_type"]?.stringValue ?? "") \(error["message"]?.stringValue ?? "")"
        }
    }

    static let errorFields = [
        "refresh_token_error_status_codes: [400, 401]\n          refresh_token_error_key: error\n"
            + "          refresh_token_error_values: [invalid_grant, expired]",
        "refresh_token_error_status_codes: [400, 401]\n          refresh_token_error_key: error\n"
            + "          refresh_token_error_values: [revoked]",
        "",
    ]

    @Test(arguments: 0..<3) func failsLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let manifest = Self.manifest(port: api.port, errorFields: Self.errorFields[scenario])
        let cdk = Self.errors(
            try await onOwnThread {
                try AsyncRetrieverOracleTests.runCDK(python, manifest: manifest, config: [:], state: [], catalog: Self.catalog)
            })
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).read(
            catalog: Self.catalog, state: [], sink: sink)
        let ours = Self.errors(sink.messages)

        let reauthenticate =
            "config_error Refresh token was rejected by the OAuth provider (invalid, expired, or already used). "
            + "Re-authenticate this source's credentials in its connection settings. Provider error: invalid_grant"
        // The defaults (no fields) take `invalid_grant` as the user's to fix too.
        if scenario != 1 {
            #expect(cdk.first == reauthenticate, "\(cdk)")
        } else {
            #expect(cdk.first?.hasPrefix("system_error") == true, "\(cdk)")
        }
        // The stream's error; the summary after it names the Python exception, which ours does not.
        #expect(ours.first == cdk.first, "CDK \(cdk)\nours \(ours)")
    }
}
