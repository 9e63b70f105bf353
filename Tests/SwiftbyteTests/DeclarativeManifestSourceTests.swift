import Foundation
import Testing

/// A manifest file as the source: `swiftbyte` runs it with the built `source-declarative-manifest`
/// (no Python), validating the config against the manifest's own spec.
@Suite struct DeclarativeManifestSourceTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeclarativeSourceTests/Fixtures/substreams.yaml").path

    @Test func discoverListsTheManifestsStreamsNatively() async throws {
        let config = #"{"token": "t", "start_date": "2024-05-01T00:00:00Z", "kinds": ["daily"]}"#
        let output = try await BuiltProduct.swiftbyte.run(["discover", Self.manifest, "--config", config, "--json"])
        #expect(output.succeeded, "\(output.stderr)")
        let streams = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [[String: Any]])
        #expect(streams.compactMap { $0["name"] as? String } == ["projects", "tasks", "reports"])
        let tasks = try #require(streams.first { $0["name"] as? String == "tasks" })
        #expect(tasks["default_cursor_field"] as? [String] == ["updated"])
        #expect(tasks["source_defined_primary_key"] as? [[String]] == [["id"]])
    }

    @Test func aConfigTheManifestsSpecRejectsIsRefused() async throws {
        let output = try await BuiltProduct.swiftbyte.run(["discover", Self.manifest, "--config", #"{"token": "t"}"#])
        #expect(output.status == .exited(1))
        #expect(output.stderr.contains("start_date"), "\(output.stderr)")
    }
}
