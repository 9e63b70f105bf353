import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `dynamic_streams` with a `ConfigComponentsResolver` against the Python CDK's own
/// `_dynamic_stream_configs`: the same manifest and config must give the same stream
/// definitions, in the same order (or both fail).
@Suite struct DynamicStreamsOracleTests {
    static let manifest = """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [static]}
        definitions:
          requester: {type: HttpRequester, url_base: "https://api.example.com", http_method: GET}
        streams:
          - type: DeclarativeStream
            name: static
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /static}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        dynamic_streams:
          - type: DynamicDeclarativeStream
            name: reports
            stream_template:
              type: DeclarativeStream
              name: placeholder
              primary_key: []
              $parameters: {kind: report}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: "/reports/{{ parameters.kind }}"}
                record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [rows]}}
            components_resolver:
              type: ConfigComponentsResolver
              $parameters: {prefix: custom}
              stream_config: {type: StreamConfig, configs_pointer: ["{{ 'custom_' + 'reports' }}"]}
              components_mapping:
                - {type: ComponentMappingDefinition, field_path: [name], value: "{{ parameters.prefix }}_{{ components_values['name'] }}"}
                - {type: ComponentMappingDefinition, field_path: [retriever, requester, path], value: "/reports/{{ components_values['name'] }}"}
                - {type: ComponentMappingDefinition, field_path: [primary_key], value: "{{ components_values['keys'] }}"}
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, request_parameters, dimensions]
                  value: "{{ components_values['dimensions'] | join(',') }}"
                  create_or_update: true
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, request_parameters, limit]
                  value: "{{ components_values.get('limit', 0) }}"
                  value_type: integer
                  create_or_update: true
                  condition: "{{ components_values.get('limit') }}"
                - {type: ComponentMappingDefinition, field_path: [schema_loader], value: "{{ components_values['schema'] }}", create_or_update: true}
                - {type: ComponentMappingDefinition, field_path: [missing, field], value: "not created"}
          - type: DynamicDeclarativeStream
            use_parent_parameters: false
            stream_template:
              type: DeclarativeStream
              name: placeholder
              $parameters: {region: none}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: "/{{ parameters.region }}"}
                record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
            components_resolver:
              type: ConfigComponentsResolver
              stream_config:
                - {type: StreamConfig, configs_pointer: [regions]}
                - {type: StreamConfig, configs_pointer: [levels], default_values: [{level_name: all}]}
              components_mapping:
                - type: ComponentMappingDefinition
                  field_path: [name]
                  value: "{{ components_values['source_config_0'][1] }}_{{ components_values.get('level_name') or components_values['source_config_1'][1] }}_{{ components_values | length }}"
                - {type: ComponentMappingDefinition, field_path: ["*", requester, path], value: "/{{ components_values['source_config_0'][1] }}"}
                - {type: ComponentMappingDefinition, field_path: ["**", field_path], value: "[{{ components_values['source_config_0'][1] }}]"}
        """

    static let configs: [JSONObject] = [
        [
            "custom_reports": [
                [
                    "name": "sales", "keys": "[id, day]", "dimensions": ["day", "country"], "limit": 5,
                    "schema": "{type: InlineSchemaLoader, schema: {type: object}}",
                ],
                ["name": "traffic", "keys": "id", "dimensions": ["page"], "schema": "%Y-%m-%d"],
            ],
            "regions": ["eu", "us"], "levels": ["one"],
        ],
        ["custom_reports": [], "regions": "eu"],
        // Two reports with the same name: the CDK refuses the config.
        [
            "custom_reports": [
                ["name": "a", "keys": "id", "dimensions": [], "schema": ""], ["name": "a", "keys": "id", "dimensions": [], "schema": ""],
            ]
        ],
    ]

    static let script = """
        import json, sys, logging, warnings
        logging.disable(logging.CRITICAL)
        warnings.simplefilter("ignore")
        import yaml
        from airbyte_cdk.sources.declarative.concurrent_declarative_source import ConcurrentDeclarativeSource
        for line in sys.stdin:
            case = json.loads(line)
            try:
                source = ConcurrentDeclarativeSource(source_config=yaml.safe_load(case["manifest"]), config=case["config"], catalog=None, state=None)
                print(json.dumps({"streams": source._dynamic_stream_configs(source.resolved_manifest)}))
            except Exception as error:
                print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        """

    @Test func resolvesLikeTheCDK() async throws {
        guard let python = Harness.python else {
            if Harness.isCI { Issue.record("the oracle venv is missing in CI") }
            print("skipped: the oracle venv (scripts/setup-oracles) is missing")
            return
        }
        let input = Self.configs.map { JSONValue.object(["manifest": .string(Self.manifest), "config": .object($0)]).jsonText }
            .joined(separator: "\n")
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input + "\n") }
        try #require(lines.count == Self.configs.count, "the CDK answered \(lines.count) of \(Self.configs.count) configs")
        for (index, (config, line)) in zip(Self.configs, lines).enumerated() {
            let expected = try JSONValue(parsing: Array(line.utf8))
            // The last config repeats a stream name; the others resolve.
            #expect((expected["error"] != nil) == (index == Self.configs.count - 1), "config \(index): CDK \(expected)")
            let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: Self.manifest), config: config)
            do {
                let ours = JSONValue.array(
                    try source.streamNodes().filter { $0.path.hasPrefix("dynamic_streams") }.map { .object($0.object) })
                #expect(expected["streams"] == ours, "config \(index): CDK \(expected)\nours \(ours)")
                if let cdk = expected["streams"] {
                    #expect(XMLDecoderOracleTests.keyOrder(cdk) == XMLDecoderOracleTests.keyOrder(ours), "config \(index)")
                }
            } catch {
                #expect(expected["error"] != nil, "config \(index): we fail (\(error)), the CDK gives \(expected)")
            }
        }
    }
}
