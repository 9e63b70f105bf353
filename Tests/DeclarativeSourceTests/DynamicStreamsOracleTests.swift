import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `dynamic_streams` with a `ConfigComponentsResolver` or a `ParametrizedComponentsResolver`,
/// and `ConditionalStreams`, against the Python CDK's own `_dynamic_stream_configs` and
/// `_stream_configs`: the same manifest and config must give the same stream definitions, in
/// the same order (or both fail).
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
                print(json.dumps({"static": source._stream_configs(source.resolved_manifest), "streams": source._dynamic_stream_configs(source.resolved_manifest)}))
            except Exception as error:
                print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        """

    @Test func resolvesLikeTheCDK() async throws {
        // The last config repeats a stream name; the others resolve.
        try await compareWithTheCDK(Self.manifest, configs: Self.configs, failing: [Self.configs.count - 1])
    }

    /// `ParametrizedComponentsResolver`: one stream per `list_of_parameters_for_stream` item,
    /// YAML-parsed values (a declared string too), parameters from the resolver and the items.
    static let parametrizedManifest = """
        version: 6.60.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [static]}
        definitions:
          requester: {type: HttpRequester, url_base: "https://api.example.com", http_method: GET}
        streams: []
        dynamic_streams:
          - type: DynamicDeclarativeStream
            name: tables
            stream_template:
              type: DeclarativeStream
              name: placeholder
              primary_key: []
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: "/tables"}
                record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [rows]}}
            components_resolver:
              type: ParametrizedComponentsResolver
              $parameters: {prefix: "{{ config['prefix'] }}"}
              stream_parameters:
                type: StreamParametersDefinition
                list_of_parameters_for_stream:
                  - {name: users, path: /users, keys: "[id]", $parameters: {entity: user}, limit: "5"}
                  - {name: orders, path: /orders, keys: id, limit: "7 # a YAML comment"}
              components_mapping:
                - {type: ComponentMappingDefinition, field_path: [name], value: "{{ parameters.prefix }}{{ components_values['name'] }}"}
                - {type: ComponentMappingDefinition, field_path: [retriever, requester, path], value: "{{ components_values['path'] }}"}
                - {type: ComponentMappingDefinition, field_path: [primary_key], value: "{{ components_values['keys'] }}"}
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, request_parameters, limit]
                  value: "{{ components_values['limit'] }}"
                  value_type: string
                  create_or_update: true
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, request_parameters, entity]
                  value: "{{ components_values.get('$parameters', {}).get('entity', '') }}"
                  create_or_update: true
                - {type: ComponentMappingDefinition, field_path: [missing], value: "{{ components_values | length }}"}
        """

    @Test func parametrizedResolverResolvesLikeTheCDK() async throws {
        let configs: [JSONObject] = [["prefix": "p_"], [:]]
        try await compareWithTheCDK(Self.parametrizedManifest, configs: configs, failing: [])
        // A `condition` on its mapping is refused, as the CDK's factory does.
        let withCondition = Self.parametrizedManifest.replacingOccurrences(
            of: "field_path: [missing], value: \"{{ components_values | length }}\"",
            with: "field_path: [missing], value: x, condition: \"{{ true }}\"")
        try await compareWithTheCDK(withCondition, configs: [[:]], failing: [0])
        // A value that renders as a YAML mapping with a mapping for its key fails in PyYAML.
        let unhashable = Self.parametrizedManifest.replacingOccurrences(of: "limit: \"5\"}", with: "limit: \"{{ 7 }}\"}")
        try await compareWithTheCDK(unhashable, configs: [[:]], failing: [0])
    }

    /// `ConditionalStreams` in `streams`: its streams only when the condition holds, with the
    /// `$parameters` given around them.
    static let conditionalManifest = """
        version: 6.60.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [always]}
        definitions:
          stream:
            type: DeclarativeStream
            retriever:
              type: SimpleRetriever
              requester: {type: HttpRequester, url_base: "https://api.example.com", path: "/{{ parameters.name }}"}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        streams:
          - {$ref: "#/definitions/stream", name: always}
          - type: ConditionalStreams
            condition: "{{ config.get('sandbox') }}"
            $parameters: {area: sandbox}
            streams:
              - {$ref: "#/definitions/stream", name: sandbox_users}
              - {$ref: "#/definitions/stream", name: sandbox_orders, $parameters: {area: orders}}
          - type: ConditionalStreams
            condition: "{{ not config.get('sandbox') and config.get('region', 'eu') == 'eu' }}"
            streams:
              - {$ref: "#/definitions/stream", name: eu_users}
          - {type: ConditionalStreams, condition: "{{ 0 }}", streams: [{$ref: "#/definitions/stream", name: never}]}
        """

    @Test func conditionalStreamsAreChosenLikeTheCDK() async throws {
        let configs: [JSONObject] = [["sandbox": true], ["sandbox": false], ["region": "us"], [:], ["sandbox": "False"]]
        try await compareWithTheCDK(Self.conditionalManifest, configs: configs, failing: [])
    }

    @Test func validateBuildsEveryConditionalBranch() throws {
        let refused = Self.conditionalManifest.replacingOccurrences(
            of: "name: never}", with: "name: never, retriever: {type: CustomRetriever, class_name: x.Y}}")
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: refused), config: [:])
        // The last condition never holds, so a read never builds it; `validate` still refuses it.
        // (`config.get('sandbox')` is None, which the CDK's InterpolatedBoolean counts as false since 7.3x.)
        #expect(try source.streamNodes().map { $0["name"]?.stringValue } == ["always", "eu_users"])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.code == .unsupportedComponent, "\(error)")
    }

    /// Runs `manifest` with each config through the CDK and through us; `failing` are the
    /// configs' indexes where both must fail.
    private func compareWithTheCDK(_ manifest: String, configs: [JSONObject], failing: Set<Int>) async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = configs.map { JSONValue.object(["manifest": .string(manifest), "config": .object($0)]).jsonText }
            .joined(separator: "\n")
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input + "\n") }
        try #require(lines.count == configs.count, "the CDK answered \(lines.count) of \(configs.count) configs")
        for (index, (config, line)) in zip(configs, lines).enumerated() {
            let expected = try JSONValue(parsing: Array(line.utf8))
            #expect((expected["error"] != nil) == failing.contains(index), "config \(index): CDK \(expected)")
            let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: config)
            do {
                let nodes = try source.streamNodes()
                let dynamic = JSONValue.array(nodes.filter { $0.path.hasPrefix("dynamic_streams") }.map { .object($0.object) })
                let listed = JSONValue.array(nodes.filter { !$0.path.hasPrefix("dynamic_streams") }.map { .object($0.object) })
                for (cdk, ours) in [(expected["static"], listed), (expected["streams"], dynamic)] {
                    #expect(cdk == ours, "config \(index): CDK \(expected)\nours \(ours)")
                    if let cdk { #expect(XMLDecoderOracleTests.keyOrder(cdk) == XMLDecoderOracleTests.keyOrder(ours), "config \(index)") }
                }
            } catch {
                #expect(expected["error"] != nil, "config \(index): we fail (\(error)), the CDK gives \(expected)")
            }
        }
    }
}
