import AirbyteProtocol
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// A manifest that needs Python code is refused when it loads, naming the component and
/// where it sits; nothing is skipped silently.
@Suite struct RefusalTests {
    static func manifest(extractor: String, extra: String = "") -> String {
        """
        version: 6.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [items]}
        streams:
          - type: DeclarativeStream
            name: items
            retriever:
              type: SimpleRetriever
              requester: {type: HttpRequester, url_base: "https://api.example.com", path: /items}
              record_selector:
                type: RecordSelector
                extractor: \(extractor)
        \(extra)
        """
    }

    @Test func customComponentIsRefusedWithItsPath() throws {
        let yaml = Self.manifest(extractor: "{class_name: source_x.components.MyExtractor}")
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.code == .unsupportedComponent)
        #expect(error.path == "streams[0].retriever.record_selector.extractor")
        #expect(error.message.contains("CustomRecordExtractor"))
        #expect(error.message.contains("source_x.components.MyExtractor"))
    }

    @Test func explicitCustomTypeIsRefused() throws {
        let yaml = Self.manifest(
            extractor: "{type: DpathExtractor, field_path: []}",
            extra: "    transformations: [{type: CustomTransformation, class_name: x.Y}]")
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.code == .unsupportedComponent)
        #expect(error.path == "streams[0].transformations[0]")
    }

    @Test func anUnknownComponentsResolverIsRefusedWithItsPath() throws {
        let yaml = Self.manifest(
            extractor: "{field_path: []}",
            extra: """
                dynamic_streams:
                  - type: DynamicDeclarativeStream
                    stream_template: {type: DeclarativeStream, name: x}
                    components_resolver: {type: GraphComponentsResolver, components_mapping: []}
                """)
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.code == .unsupportedComponent)
        #expect(error.path == "dynamic_streams[0].components_resolver")
        #expect(error.message.contains("GraphComponentsResolver"))
    }

    @Test func groupingPartitionsWithPerPartitionRequestOptionsIsRefused() throws {
        let yaml = Self.manifest(
            extractor: "{field_path: []}",
            extra: """
                      partition_router:
                        type: GroupingPartitionRouter
                        group_size: 2
                        underlying_partition_router:
                          type: ListPartitionRouter
                          cursor_field: id
                          values: [a, b]
                          request_option: {type: RequestOption, inject_into: request_parameter, field_name: id}
                """)
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.path == "streams[0].retriever.partition_router.underlying_partition_router")
        #expect(error.message.contains("Request options are not supported for GroupingPartitionRouter"))
    }

    @Test func anIncompleteHttpComponentsResolverIsRefusedWithItsPath() throws {
        let yaml = Self.manifest(
            extractor: "{field_path: []}",
            extra: """
                dynamic_streams:
                  - type: DynamicDeclarativeStream
                    stream_template: {type: DeclarativeStream, name: x}
                    components_resolver:
                      type: HttpComponentsResolver
                      retriever: {type: SimpleRetriever}
                      components_mapping: []
                """)
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: yaml), config: [:])
        let error = try #require(throws: ManifestError.self) { try source.validate() }
        #expect(error.path == "dynamic_streams[0].components_resolver.retriever.record_selector")
    }

    @Test func supportedManifestValidates() throws {
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: Self.manifest(extractor: "{field_path: [data]}")), config: [:])
        try source.validate()
    }
}
