import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// A list of schema loaders (the CDK's `CompositeSchemaLoader`) discovers the CDK's own schema:
/// the loaders' properties merged, an earlier loader's winning, in the CDK's key order.
@Suite struct CompositeSchemaLoaderOracleTests {
    static func manifest(lastLoader: String) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [people]}
        schemas:
          people_extra:
            type: object
            properties:
              email: {type: string}
              name: {type: [null, integer]}
        streams:
          - type: DeclarativeStream
            name: people
            primary_key: [id]
            retriever:
              type: SimpleRetriever
              requester: {type: HttpRequester, url_base: "http://127.0.0.1:9", path: /people, http_method: GET}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
            schema_loader:
              - type: InlineSchemaLoader
                schema: {type: object, properties: {id: {type: integer}, name: {type: string}}}
              - type: InlineSchemaLoader
                schema: {$ref: "#/schemas/people_extra"}
              - \(lastLoader)
        """
    }

    static let lastLoader =
        "{type: InlineSchemaLoader, schema: {type: object, additionalProperties: false, properties: {zone: {type: string}, id: {type: string}, email: {format: email}}}}"

    @Test func discoversTheCDKsMergedSchema() async throws {
        guard let python = Harness.oraclePython() else { return }
        let manifest = Self.manifest(lastLoader: Self.lastLoader)
        let script = """
            import json, logging, sys, yaml
            from airbyte_cdk.sources.declarative.concurrent_declarative_source import ConcurrentDeclarativeSource
            source = ConcurrentDeclarativeSource(source_config=yaml.safe_load(sys.stdin.read()), config={}, catalog=None, state=None)
            print(json.dumps([stream.json_schema for stream in source.discover(logging.getLogger("discover"), {}).streams]))
            """
        let lines = try await onOwnThread { try XMLDecoderOracleTests.runPython(python, script: script, input: manifest) }
        let cdk = try JSONValue(parsing: Array(try #require(lines.last, "the CDK gave no answer").utf8))
        let ours = try await DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).discover()["streams"]
        let ourSchemas = JSONValue.array((ours?.arrayValue ?? []).map { $0["json_schema"] ?? .null })
        // Compared as text: the order of the properties is part of what a user sees.
        #expect(ourSchemas.jsonText == cdk.jsonText)
        #expect(cdk.arrayValue?.first?["properties"]?["id"] == ["type": "integer"], "the first loader wins: \(cdk)")
    }

    @Test func aLoaderWithoutPropertiesFailsNamingIt() async throws {
        let manifest = Self.manifest(lastLoader: "{type: InlineSchemaLoader, schema: {type: object}}")
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:])
        let failure = await #expect(throws: SchemaLoaderFailure.self) { _ = try await source.discover() }
        #expect(failure?.description.contains("schema_loader[2]") == true)
    }
}
