import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `DynamicSchemaLoader` against the Python CDK's own: the same loader (built by the CDK's
/// factory from the same manifest) and the same first record must give the same schema, or
/// both fail. The request the loader sends is the differential harness's business
/// (`Fixtures/dynamic-schema.yaml`); this compares how a record becomes a schema.
@Suite struct DynamicSchemaLoaderOracleTests {
    struct Case {
        var loader: String
        var record: JSONValue?
        var config: JSONObject = [:]
    }

    static let typesLoader = """
        type: DynamicSchemaLoader
        retriever:
          type: SimpleRetriever
          requester: {type: HttpRequester, url_base: "https://api.example.com", path: /fields}
          record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        schema_type_identifier:
          type: SchemaTypeIdentifier
          schema_pointer: [fields]
          key_pointer: [name]
          type_pointer: [type]
          types_mapping:
            - {type: TypesMap, current_type: text, target_type: string}
            - {type: TypesMap, current_type: int, target_type: integer}
            - {type: TypesMap, current_type: dt, target_type: timestamp_with_timezone}
            - {type: TypesMap, current_type: naive, target_type: timestamp_without_timezone}
            - {type: TypesMap, current_type: multi, target_type: [string, integer]}
            - type: TypesMap
              current_type: grid
              target_type: {type: ComplexFieldType, field_type: array, items: {type: ComplexFieldType, field_type: array, items: number}}
            - {type: TypesMap, current_type: tags, target_type: {type: ComplexFieldType, field_type: array, items: string}}
            - {type: TypesMap, current_type: cond, target_type: number, condition: "{{ raw_schema['name'] == 'price' }}"}
            - {type: TypesMap, current_type: cond, target_type: boolean}
            - {type: TypesMap, current_type: [a, b], target_type: object}
        """

    static let fields: JSONValue = [
        "fields": [
            ["name": "title", "type": "text"], ["name": "count", "type": "int"], ["name": "at", "type": "dt"],
            ["name": "local", "type": "naive"], ["name": "either", "type": "multi"], ["name": "grid", "type": "grid"],
            ["name": "tags", "type": "tags"], ["name": "price", "type": "cond"], ["name": "flag", "type": "cond"],
            ["name": "untyped"], ["name": "pair", "type": ["a", "b"]], ["name": "date", "type": "date"],
            ["name": "title", "type": "integer"],
        ]
    ]

    static let cases: [Case] = [
        Case(loader: typesLoader, record: fields),
        // No record read: an empty schema.
        Case(loader: typesLoader, record: nil),
        // The pointer finds nothing to iterate.
        Case(loader: typesLoader, record: ["other": 1]),
        // A key that is not a string; a type Airbyte does not know; a list of three types.
        Case(loader: typesLoader, record: ["fields": [["name": 5, "type": "text"]]]),
        Case(loader: typesLoader, record: ["fields": [["name": "x", "type": "varchar"]]]),
        Case(loader: typesLoader, record: ["fields": [["name": "x", "type": ["string", "integer", "number"]]]]),
        // Interpolated pointers ($parameters, config), a nested key, no type pointer; a filter
        // and transformations over the properties.
        Case(
            loader: """
                type: DynamicSchemaLoader
                $parameters: {root: columns}
                retriever:
                  type: SimpleRetriever
                  requester: {type: HttpRequester, url_base: "https://api.example.com", path: /fields}
                  record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
                schema_type_identifier:
                  type: SchemaTypeIdentifier
                  schema_pointer: ["{{ parameters.root }}"]
                  key_pointer: [meta, "{{ config['key_field'] }}"]
                schema_filter:
                  type: RecordFilter
                  condition: "{{ 'secret' not in record }}"
                schema_transformations:
                  - type: AddFields
                    fields:
                      - {type: AddedFieldDefinition, path: [added], value: "{{ {'type': ['null', 'integer']} }}"}
                  - {type: RemoveFields, field_pointers: [[drop]]}
                """,
            record: ["columns": [["meta": ["id": "a"]], ["meta": ["id": "secret"]], ["meta": ["id": "drop"]], ["meta": ["id": "b"]]]],
            config: ["key_field": "id"]),
    ]

    static let script = """
        import json, sys, logging, warnings
        logging.disable(logging.CRITICAL)
        warnings.simplefilter("ignore")
        import yaml
        from airbyte_cdk.sources.declarative.parsers.manifest_reference_resolver import ManifestReferenceResolver
        from airbyte_cdk.sources.declarative.parsers.manifest_component_transformer import ManifestComponentTransformer
        from airbyte_cdk.sources.declarative.parsers.model_to_component_factory import ModelToComponentFactory
        from airbyte_cdk.sources.declarative.models.declarative_component_schema import DynamicSchemaLoader as Model

        class First:
            def __init__(self, record):
                self.record = record
            def read_records(self, *args, **kwargs):
                return iter([] if self.record is None else [self.record])

        for line in sys.stdin:
            case = json.loads(line)
            try:
                manifest = ManifestReferenceResolver().preprocess_manifest(yaml.safe_load(case["manifest"]))
                manifest = ManifestComponentTransformer().propagate_types_and_parameters("", manifest, {})
                definition = manifest["streams"][0]["schema_loader"]
                loader = ModelToComponentFactory().create_component(Model, definition, case["config"])
                loader.retriever = First(case["record"])
                print(json.dumps({"schema": loader.get_json_schema()}))
            except Exception as error:
                print(json.dumps({"error": f"{type(error).__name__}: {error}"}))
        """

    static func manifest(_ loader: String) -> String {
        let indented = loader.split(separator: "\n", omittingEmptySubsequences: false).map { "      " + $0 }.joined(separator: "\n")
        return """
            version: 6.44.0
            type: DeclarativeSource
            check: {type: CheckStream, stream_names: [items]}
            streams:
              - type: DeclarativeStream
                name: items
                retriever:
                  type: SimpleRetriever
                  requester: {type: HttpRequester, url_base: "https://api.example.com", path: /items}
                  record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
                schema_loader:
            \(indented)
            """
    }

    /// Our schema for a case, or the error.
    static func ours(_ testCase: Case) async throws -> Result<JSONObject, any Error> {
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest(testCase.loader)), config: testCase.config)
        let engine = HTTPEngine()
        defer { Task { await engine.shutdown() } }
        let streams = try await source.buildStreams(
            try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine))
        guard case .dynamic(let loader) = streams[0].schemaSource else {
            Issue.record("the stream's schema is not dynamic")
            return .success([:])
        }
        return Result { try loader.schema(firstRecord: testCase.record) }
    }

    @Test func buildsSchemasLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let input = Self.cases.map { testCase in
            JSONValue.object([
                "manifest": .string(Self.manifest(testCase.loader)), "record": testCase.record ?? .null, "config": .object(testCase.config),
            ]).jsonText
        }.joined(separator: "\n")
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: Self.script, input: input + "\n") }
        try #require(lines.count == Self.cases.count, "the CDK answered \(lines.count) of \(Self.cases.count) cases")
        for (index, (testCase, line)) in zip(Self.cases, lines).enumerated() {
            let expected = try JSONValue(parsing: Array(line.utf8))
            switch try await Self.ours(testCase) {
            case .success(let schema):
                #expect(expected["schema"] == .object(schema), "case \(index): CDK \(expected)")
                if let cdk = expected["schema"] {
                    #expect(XMLDecoderOracleTests.keyOrder(cdk) == XMLDecoderOracleTests.keyOrder(.object(schema)), "case \(index)")
                }
            case .failure(let error):
                #expect(expected["error"] != nil, "case \(index): we fail (\(error)), the CDK gives \(expected)")
            }
        }
    }
}
