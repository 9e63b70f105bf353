import AirbyteProtocol
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import DeclarativeManifest
@testable import DeclarativeSource

/// A stream's `file_uploader` against the Python CDK's `source-declarative-manifest read`,
/// each engine writing into a files directory of its own: every record's file is fetched
/// from its download target and written below the stream's folder, named by
/// `filename_extractor` or a random UUID, and its RECORD carries a `file_reference`.
/// Compared: the requests, the records, each reference (its relative path and size; the
/// staging URL is the directory plus that path), the files' bytes, the errors.
@Suite struct FileUploaderOracleTests {
    static let server = LoggingOracleAPI.handler(
        answering: """
            FILES = {"a1": "the first attachment", "a2": "x" * 3000, "d1": "a document", "d2": "another document"}
            def answer(path, query):
                parts = path.strip("/").split("/")
                if parts == ["attachments"]:
                    return 200, {"data": [{"id": "a1", "name": "report.txt", "url": "/files/a1"},
                                          {"id": "a2", "name": "nested/big.bin", "url": "/files/a2"}]}
                if parts == ["documents"]:
                    return 200, {"data": [{"id": "d1", "link": {"href": "/files/d1"}},
                                          {"id": "d2", "link": {"href": "/files/d2"}}]}
                if len(parts) == 2 and parts[0] == "files" and parts[1] in FILES:
                    return 200, FILES[parts[1]]
                return 404, {"error": "unknown"}
            """)

    static func manifest(port: Int) -> String {
        """
        version: 7.0.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [attachments]}
        spec: {type: Spec, connection_specification: {type: object, properties: {}}}
        definitions:
          requester: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)"}
          schema: {type: InlineSchemaLoader, schema: {type: object}}
          selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: [data]}}
          download: {type: HttpRequester, url_base: "http://127.0.0.1:\(port)", path: "{{ download_target }}", http_method: GET}
        streams:
          - type: DeclarativeStream
            name: attachments
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /attachments}
              record_selector: {$ref: "#/definitions/selector"}
            file_uploader:
              type: FileUploader
              requester: {$ref: "#/definitions/download"}
              download_target_extractor: {type: DpathExtractor, field_path: [url]}
              filename_extractor: "{{ record.id }}/{{ record.name }}/"
          - type: DeclarativeStream
            name: documents
            primary_key: [id]
            schema_loader: {$ref: "#/definitions/schema"}
            retriever:
              type: SimpleRetriever
              requester: {$ref: "#/definitions/requester", path: /documents}
              record_selector: {$ref: "#/definitions/selector"}
            file_uploader:
              type: FileUploader
              requester: {$ref: "#/definitions/download"}
              download_target_extractor: {type: DpathExtractor, field_path: [link, href]}
        """
    }

    static let catalog: JSONValue = [
        "streams": .array(
            ["attachments", "documents"].map { name in
                [
                    "stream": ["name": .string(name), "json_schema": [:], "supported_sync_modes": ["full_refresh"]],
                    "sync_mode": "full_refresh", "destination_sync_mode": "append",
                ]
            })
    ]

    /// A RECORD's file reference, its staging URL made relative to the engine's directory, and the file's bytes.
    struct UploadedFile: Hashable, CustomStringConvertible {
        var stream: String
        var relativePath: String
        var size: Int64
        var stagedUnderDirectory: Bool
        var contents: Data

        var description: String { "\(stream): \(relativePath) (\(size) bytes, staged \(stagedUnderDirectory))" }

        static func all(in messages: [JSONValue], directory: String) -> [UploadedFile] {
            messages.compactMap { message in
                guard message["type"]?.stringValue == "RECORD", let record = message["record"],
                    let reference = record["file_reference"], let relative = reference["source_file_relative_path"]?.stringValue,
                    let staged = reference["staging_file_url"]?.stringValue
                else { return nil }
                return UploadedFile(
                    stream: record["stream"]?.stringValue ?? "", relativePath: relative,
                    size: reference["file_size_bytes"]?.int64Value ?? -1,
                    stagedUnderDirectory: staged == directory + "/" + relative,
                    contents: FileManager.default.contents(atPath: staged) ?? Data())
            }
        }
    }

    @Test func uploadsLikeTheCDK() async throws {
        guard let python = Harness.oraclePython() else { return }
        let api = try await onOwnThread {
            try LocalPythonAPI.start(python: python, handler: Self.server)
        }
        defer { api.stop() }
        let port = api.port
        let manifest = Self.manifest(port: port)
        let folder = try TemporaryFolder()
        let cdkDirectory = folder.path + "/cdk-files"
        let ourDirectory = folder.path + "/our-files"
        for directory in [cdkDirectory, ourDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        // The CDK reads `AIRBYTE_STAGING_DIRECTORY` when `files_directory` is imported, and uses it when it exists.
        let oracle = """
            import os, sys
            os.environ["AIRBYTE_STAGING_DIRECTORY"] = \(JSONValue.string(cdkDirectory).jsonText)
            from airbyte_cdk.cli.source_declarative_manifest import run
            sys.argv[0] = "source-declarative-manifest"
            run()
            """
        _ = try await AsyncRetrieverOracleTests.requestLog(port: port)
        let cdkMessages = try await onOwnThread {
            try AsyncRetrieverOracleTests.runCDK(python, manifest: manifest, config: [:], state: [], catalog: Self.catalog, oracle: oracle)
        }
        let cdk = CDK7ComponentsOracleTests.Outcome(
            messages: cdkMessages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        var options = DeclarativeSource.Options()
        options.filesDirectory = ourDirectory
        let source = DeclarativeSource(manifest: try ResolvedManifest(yaml: manifest), config: [:], options: options)
        let sink = AsyncRetrieverOracleTests.LinesSink()
        _ = await source.read(catalog: Self.catalog, state: [], sink: sink)
        let ours = CDK7ComponentsOracleTests.Outcome(
            messages: sink.messages, requests: try await AsyncRetrieverOracleTests.requestLog(port: port))

        #expect(cdk.errors.isEmpty, "\(cdk)")
        #expect(cdk.requests.filter { $0.contains("/files/") }.count == 4, "one download per record: \(cdk)")
        #expect(ours.requests == cdk.requests, "CDK \(cdk)\n\nours \(ours)")
        #expect(ours.records == cdk.records, "CDK \(cdk.records)\nours \(ours.records)")
        #expect(ours.errors == cdk.errors)

        let cdkFiles = UploadedFile.all(in: cdkMessages, directory: cdkDirectory)
        let ourFiles = UploadedFile.all(in: sink.messages, directory: ourDirectory)
        #expect(cdkFiles.count == 4 && cdkFiles.allSatisfy(\.stagedUnderDirectory), "\(cdkFiles)")
        // Named by `filename_extractor`: the same paths and bytes.
        let named = { (files: [UploadedFile]) in Set(files.filter { $0.stream == "attachments" }) }
        #expect(named(ourFiles) == named(cdkFiles), "CDK \(cdkFiles)\nours \(ourFiles)")
        #expect(named(cdkFiles).map(\.relativePath).sorted() == ["attachments/a1/report.txt", "attachments/a2/nested/big.bin"])
        // Named by a random UUID: the same folder, sizes and bytes.
        let unnamed = { (files: [UploadedFile]) in
            files.filter { $0.stream == "documents" }.map {
                [
                    $0.relativePath.split(separator: "/").count == 2 ? "documents" : $0.relativePath, "\($0.size)",
                    String(decoding: $0.contents, as: UTF8.self), "\($0.stagedUnderDirectory)",
                ]
            }.sorted { $0.joined() < $1.joined() }
        }
        #expect(unnamed(ourFiles) == unnamed(cdkFiles), "CDK \(cdkFiles)\nours \(ourFiles)")
        #expect(
            ourFiles.filter { $0.stream == "documents" }.allSatisfy {
                $0.relativePath.hasPrefix("documents/") && $0.relativePath.count == 46
            })

        let streams = try await source.discover()["streams"]?.arrayValue ?? []
        #expect(streams.map { $0["is_file_based"] } == [true, true])
    }
}
