import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// `dynamic_streams` with an `HttpComponentsResolver` against the Python CDK's own
/// `_dynamic_stream_configs`, both reading the same local API: the resolver's retriever pages
/// through its partitions (a parent stream's records, with extra fields) and each record it
/// reads becomes a stream, so both must give the same stream definitions in the same order.
@Suite struct HttpComponentsResolverOracleTests {
    /// A local API's handler (for `LocalPythonAPI`): two pages of bases, then each base's tables.
    static let server = """
        import json
        from http.server import BaseHTTPRequestHandler
        from urllib.parse import urlsplit, parse_qs
        PAGES = {None: {"bases": [{"id": "b1", "name": "Sales Base"}, {"id": "b2", "name": "HR"}], "offset": "p2"},
                 "p2": {"bases": [{"id": "b3", "name": "Empty Base"}]}}
        TABLES = {"b1": [{"id": "t1", "name": "Deals Won", "fields": 3}, {"id": "t2", "name": "Leads", "fields": 1}],
                  "b2": [{"id": "t3", "name": "People", "fields": 7}], "b3": []}
        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def do_GET(self):
                url = urlsplit(self.path)
                offset = parse_qs(url.query).get("offset", [None])[0]
                parts = url.path.strip("/").split("/")
                if parts == ["bases"]:
                    body = PAGES[offset]
                elif len(parts) == 4 and parts[:2] == ["meta", "bases"] and parts[3] == "tables":
                    body = {"tables": TABLES[parts[2]]}
                else:
                    self.send_response(404); self.end_headers(); return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
        """

    static func manifest(port: Int) -> String {
        """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [bases]}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", http_method: GET}
          bases:
            type: DeclarativeStream
            name: bases
            primary_key: [id]
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /bases}
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [bases]}}
              paginator:
                type: DefaultPaginator
                page_token_option: {type: RequestOption, inject_into: request_parameter, field_name: offset}
                pagination_strategy:
                  type: CursorPagination
                  cursor_value: "{{ response.get('offset', {}) }}"
                  stop_condition: "{{ not response.get('offset', {}) }}"
        streams:
          - $ref: "#/definitions/bases"
        dynamic_streams:
          - type: DynamicDeclarativeStream
            name: tables
            stream_template:
              type: DeclarativeStream
              name: placeholder
              primary_key: [id]
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: "/placeholder"}
                record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [records]}}
              transformations:
                - type: AddFields
                  fields: [{type: AddedFieldDefinition, path: [_table], value: "none"}]
            components_resolver:
              type: HttpComponentsResolver
              $parameters: {prefix: at}
              retriever:
                type: SimpleRetriever
                requester: {$ref: "#/definitions/requester", path: "meta/bases/{{ stream_partition.base_id }}/tables"}
                record_selector:
                  type: RecordSelector
                  extractor: {type: DpathExtractor, field_path: [tables]}
                  record_filter: {type: RecordFilter, condition: "{{ record.fields > 0 }}"}
                partition_router:
                  type: SubstreamPartitionRouter
                  parent_stream_configs:
                    - type: ParentStreamConfig
                      parent_key: id
                      partition_field: base_id
                      extra_fields: [[name]]
                      stream: {$ref: "#/definitions/bases"}
              components_mapping:
                - type: ComponentMappingDefinition
                  field_path: [name]
                  value: "{{ parameters.prefix }}_{{ stream_slice.extra_fields.name.replace(' ', '_').lower() }}/{{ components_values.name | lower }}/{{ components_values.id }}"
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, path]
                  value: "{{ stream_slice.base_id }}/{{ components_values.id }}"
                - type: ComponentMappingDefinition
                  field_path: [transformations, "0", fields, "0", value]
                  value: "{{ components_values.name }}"
                - type: ComponentMappingDefinition
                  field_path: [primary_key]
                  value: "{{ [components_values.id, 'row'] }}"
                - type: ComponentMappingDefinition
                  field_path: [retriever, requester, request_parameters, page_size]
                  value: "{{ components_values.fields * 10 }}"
                  value_type: integer
        """
    }

    struct HarnessFailure: Error, CustomStringConvertible { var description: String }

    @Test func resolvesLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread { try LocalPythonAPI.start(python: python, handler: Self.server) }
        defer { api.stop() }
        let manifest = Self.manifest(port: api.port)
        let input = JSONValue.object(["manifest": .string(manifest), "config": .object([:])]).jsonText + "\n"
        // The CDK's `_dynamic_stream_configs`, as the config resolver's oracle runs it.
        let lines = try await onOwnThread {
            try XMLDecoderOracleTests.runPython(python, script: DynamicStreamsOracleTests.script, input: input)
        }
        let expected = try JSONValue(parsing: Array(try #require(lines.first, "the CDK gave no answer").utf8))
        let cdkStreams = try #require(expected["streams"], "the CDK failed: \(expected)")

        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:])
        let engine = HTTPEngine()
        let context = try source.makeContext(events: NullEvents(), state: ConnectorStateManager(), engine: engine)
        let fetched: DynamicStreams.FetchedComponents
        do {
            fetched = try await DynamicStreams.fetch(source.manifest, factory: StreamFactory(context: context))
        } catch {
            await engine.shutdown()
            throw error
        }
        await engine.shutdown()
        let ours = JSONValue.array(
            try source.streamNodes(fetched: fetched).filter { $0.path.hasPrefix("dynamic_streams") }.map { .object($0.object) })
        // Three tables have fields (the filter drops none of b1/b2's), so three streams.
        #expect(cdkStreams.arrayValue?.count == 3, "\(cdkStreams)")
        #expect(cdkStreams == ours, "CDK \(cdkStreams)\nours \(ours)")
        #expect(XMLDecoderOracleTests.keyOrder(cdkStreams) == XMLDecoderOracleTests.keyOrder(ours))
    }

    @Test func validateBuildsTheResolverWithoutTheAPIAndRefusesAConditionOnIt() throws {
        let manifest = Self.manifest(port: 9)
        try DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:]).validate()
        let withCondition = manifest.replacingOccurrences(
            of: "value_type: integer", with: "value_type: integer\n          condition: \"{{ true }}\"")
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: withCondition), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.description.contains("condition"), "\(error)")
    }
}
