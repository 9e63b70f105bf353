import Foundation
import SwiftbyteTestSupport
import Testing

/// `source-declarative-manifest` writes its logs, traces and states as they happen, not when
/// its output buffer fills or the sync ends: a sync waiting out a long backoff must already have
/// said why, so the platform's log shows it and a kill loses nothing said so far. And a refused
/// connection fails its attempt at once, as with the CDK's `requests`, so the manifest's error
/// handler retries it (the HTTP client's own retries used to hold each attempt for 30 s).
@Suite struct SourceDeclarativeManifestLiveOutputTests {
    /// One stream whose API refuses connections, retried once after 60 s.
    static let manifest = """
        version: 6.44.0
        type: DeclarativeSource
        check: {type: CheckStream, stream_names: [items]}
        streams:
          - type: DeclarativeStream
            name: items
            primary_key: [id]
            schema_loader: {type: InlineSchemaLoader, schema: {type: object, properties: {id: {type: integer}}}}
            retriever:
              type: SimpleRetriever
              requester:
                type: HttpRequester
                url_base: http://127.0.0.1:9
                path: /items
                http_method: GET
                error_handler:
                  type: DefaultErrorHandler
                  max_retries: 1
                  backoff_strategies: [{type: ConstantBackoffStrategy, backoff_time_in_seconds: 60}]
              record_selector: {type: RecordSelector, extractor: {type: DpathExtractor, field_path: []}}
        """

    @Test func theBackoffLogArrivesWhileTheSyncWaits() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let manifest = try folder.write("manifest.yaml", Self.manifest)
        let config = try folder.write("config.json", "{}")
        let catalog = try folder.write(
            "catalog.json",
            #"{"streams": [{"stream": {"name": "items", "json_schema": {}, "supported_sync_modes": ["full_refresh"]}, "#
                + #""sync_mode": "full_refresh", "destination_sync_mode": "overwrite"}]}"#)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProduct(name: "source-declarative-manifest").path)
        process.arguments = ["read", "--config", config, "--catalog", catalog, "--manifest-path", manifest]
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let started = Date()
        // Stop the source whatever happens: before the fix its output only came at the end.
        let killer = Task {
            try await Task.sleep(for: .seconds(40))
            if process.isRunning { process.terminate() }
        }
        defer {
            killer.cancel()
            if process.isRunning { process.terminate() }
        }

        let seen = try await onOwnThread { () -> (lines: [String], seconds: Double)? in
            var pending = Data()
            var lines: [String] = []
            while true {
                let chunk = stdout.fileHandleForReading.availableData
                if chunk.isEmpty { return nil }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    lines.append(String(decoding: pending[pending.startIndex..<newline], as: UTF8.self))
                    pending.removeSubrange(pending.startIndex...newline)
                    if lines.last!.contains("Retrying in") { return (lines, Date().timeIntervalSince(started)) }
                }
            }
        }
        process.terminate()
        let (lines, seconds) = try #require(seen, "the source said nothing about its backoff before it was stopped")
        #expect(seconds < 15, "the backoff log came after \(seconds) s")
        // The stream's start went out before it, in order.
        #expect(lines.contains { $0.contains(#""status":"STARTED""#) })
    }
}
