import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `check` against the Python CDK's `source-declarative-manifest check`, both asking the same
/// local API: `CheckStream` with `dynamic_streams_check_configs` (the streams a dynamic
/// definition generated, `stream_count` of them or all; a definition not in the manifest),
/// `CheckDynamicStream`, and `config_overrides` laid over the config for the check only (and
/// refused on the platform's reserved keys), and a check naming static streams building only
/// those (CDK 7.3x). Compared: the status, its message, the requests.
@Suite struct CheckOracleTests {
    /// The local API (a `Handler` for ``LocalPythonAPI``): every table answers one row, except
    /// `locked`, which answers 403. `GET /__log` answers the requests seen since the last call.
    static let server = LoggingOracleAPI.handler(
        answering: """
            def answer(path, query):
                parts = path.strip("/").split("/")
                if parts == ["users"]:
                    return 200, {"data": [{"id": 1}]}
                if len(parts) == 2 and parts[0] == "tables":
                    if parts[1] == "locked":
                        return 403, {"error": "no access to this table"}
                    return 200, {"data": [{"id": parts[1]}]}
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int, check: String) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check:
        \(check)
        spec:
          type: Spec
          connection_specification:
            type: object
            properties:
              tables: {type: array}
              page_size: {type: integer}
        definitions:
          requester:
            type: HttpRequester
            url_base: "http://127.0.0.1:\(port)"
            request_parameters: {limit: "{{ config.get('page_size', 100) }}"}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
        streams:
          - type: DeclarativeStream
            name: users
            schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /users}
              record_selector: {$ref: "#/definitions/selector"}
        dynamic_streams:
          - type: DynamicDeclarativeStream
            name: tables
            stream_template:
              type: DeclarativeStream
              name: placeholder
              schema_loader: {type: InlineSchemaLoader, schema: {type: object}}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: /tables/placeholder}
                record_selector: {$ref: "#/definitions/selector"}
            components_resolver:
              type: ConfigComponentsResolver
              stream_config: {type: StreamConfig, configs_pointer: [tables]}
              components_mapping:
                - {type: ComponentMappingDefinition, field_path: [name], value: "{{ components_values['name'] }}"}
                - {type: ComponentMappingDefinition, field_path: [retriever, requester, path], value: "/tables/{{ components_values['name'] }}"}
        """
    }

    /// (the check component, config) per scenario.
    static let scenarios: [(String, JSONObject)] = [
        // The static stream, then the first generated table; the overrides reach the requests.
        (
            "  type: CheckStream\n  stream_names: [users]\n  dynamic_streams_check_configs: [{type: DynamicStreamCheckConfig, dynamic_stream_name: tables, stream_count: 1}]\n  config_overrides: {page_size: 1}",
            ["tables": [["name": "orders"], ["name": "locked"]], "page_size": 50]
        ),
        // Every generated table: the locked one fails the check.
        (
            "  type: CheckStream\n  stream_names: [users]\n  dynamic_streams_check_configs: [{type: DynamicStreamCheckConfig, dynamic_stream_name: tables}]",
            ["tables": [["name": "orders"], ["name": "locked"]]]
        ),
        // A dynamic definition the manifest does not have.
        (
            "  type: CheckStream\n  stream_names: [users]\n  dynamic_streams_check_configs: [{type: DynamicStreamCheckConfig, dynamic_stream_name: views}]",
            ["tables": [["name": "orders"]]]
        ),
        // CheckDynamicStream over the first two streams (users, then orders).
        ("  type: CheckDynamicStream\n  stream_count: 2", ["tables": [["name": "orders"], ["name": "locked"]]]),
        // ... and over three, reaching the locked table.
        ("  type: CheckDynamicStream\n  stream_count: 3", ["tables": [["name": "orders"], ["name": "locked"]]]),
        // An override of a reserved platform key is the manifest's bug.
        (
            "  type: CheckStream\n  stream_names: [users]\n  config_overrides: {__airbyte_check_stream_names: [users]}",
            ["tables": [["name": "orders"]]]
        ),
        // CDK 7.3x builds only the static streams named: a dynamic stream the config cannot make
        // is not resolved, so it does not fail the check.
        ("  type: CheckStream\n  stream_names: [users]", ["tables": [["name": ["not": "a name"]]]]),
    ]

    @Test(arguments: 0..<7) func checksLikeTheCDK(scenario: Int) async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let port = api.port
        let (check, config) = Self.scenarios[scenario]
        let manifest = Self.manifest(port: port, check: check)
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(python, manifest: manifest, config: config, state: [], command: "check")
        }
        let cdkRequests = (try await AsyncRetrieverOracleTests.requestLog(port: port).arrayValue ?? []).map(\.jsonText)
        func status(_ messages: [JSONValue]) -> String {
            if let status = messages.last(where: { $0["type"] == "CONNECTION_STATUS" })?["connectionStatus"] {
                return "\(status["status"]?.stringValue ?? "") \(status["message"]?.stringValue ?? "")"
            }
            return messages.last(where: { $0["type"] == "TRACE" })?["trace"]?["error"]?["message"]?.stringValue ?? "no answer"
        }
        let cdk = status(cdkMessages)

        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: config)
        let ours: String
        switch await source.check(sink: AsyncRetrieverOracleTests.LinesSink()) {
        case .succeeded: ours = "SUCCEEDED "
        case .failed(let message): ours = "FAILED \(message)"
        case .manifestError(let message): ours = message
        }
        let ourRequests = (try await AsyncRetrieverOracleTests.requestLog(port: port).arrayValue ?? []).map(\.jsonText)

        switch scenario {
        case 0:
            #expect(cdk == "SUCCEEDED ", "\(cdk)")
            #expect(!cdkRequests.isEmpty && cdkRequests.allSatisfy { $0.contains("[\"limit\",\"1\"]") }, "the override: \(cdkRequests)")
        case 1, 4: #expect(cdk.hasPrefix("FAILED ") && cdk.contains("locked"), "\(cdk)")
        case 2: #expect(cdk.contains("Dynamic stream views is not found in manifest."), "\(cdk)")
        case 3, 6: #expect(cdk == "SUCCEEDED ", "\(cdk)")
        default: #expect(cdk.contains("reserved config key(s)"), "\(cdk)")
        }
        #expect(ours == cdk, "CDK \(cdk)\nours \(ours)")
        #expect(ourRequests.sorted() == cdkRequests.sorted(), "CDK \(cdkRequests)\nours \(ourRequests)")
    }
}
