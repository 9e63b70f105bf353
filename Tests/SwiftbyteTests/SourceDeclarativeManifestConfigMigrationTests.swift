import Foundation
import SwiftbyteTestSupport
import Testing

/// `source-declarative-manifest` migrates a config as the CDK does: the migrated config replaces
/// the config file and goes out as a CONNECTOR_CONFIG message; when the file cannot be written,
/// the run goes on with a warning instead of losing the migration.
@Suite struct SourceDeclarativeManifestConfigMigrationTests {
    static let manifest = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeclarativeSourceTests/Fixtures/config-normalization.yaml").path
    static let product = BuiltProduct(name: "source-declarative-manifest")
    static let config = #"{"api_key": "k", "legacy_region": "eu", "tier": "gold", "nested": {"mode": "fast"}}"#

    static func connectorConfigs(_ output: BuiltProduct.Output) throws -> [[String: Any]] {
        try output.lines.compactMap { line in
            let message = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let control = message?["control"] as? [String: Any]
            guard control?["type"] as? String == "CONNECTOR_CONFIG" else { return nil }
            return (control?["connectorConfig"] as? [String: Any])?["config"] as? [String: Any]
        }
    }

    @Test func theMigratedConfigReplacesTheFileAndIsSent() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let configPath = try folder.write("config.json", Self.config)

        let output = try await Self.product.run(["discover", "--config", configPath, "--manifest-path", Self.manifest])
        #expect(output.succeeded, "\(output.stderr)")
        let sent = try #require(try Self.connectorConfigs(output).first)
        #expect((sent["settings"] as? [String: Any])?["region"] as? String == "EU")
        let written = try #require(
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: configPath))) as? [String: Any])
        #expect((written["settings"] as? [String: Any])?["region"] as? String == "EU")
    }

    @Test func aConfigFileThatCannotBeRewrittenOnlyWarns() async throws {
        // /proc/self/fd/0 reads the config from stdin, but no file can be created beside it.
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let configPath = try folder.write("config.json", Self.config)

        let output = try await Self.product.run(
            ["discover", "--config", "/proc/self/fd/0", "--manifest-path", Self.manifest], stdinPath: configPath)
        #expect(output.succeeded, "\(output.stderr)")
        #expect(try Self.connectorConfigs(output).count == 1)
        #expect(output.stdout.contains(#""level":"WARN""#) && output.stdout.contains("Could not write the migrated config back"))
        #expect(output.stdout.contains(#""type":"CATALOG""#))
    }
}
