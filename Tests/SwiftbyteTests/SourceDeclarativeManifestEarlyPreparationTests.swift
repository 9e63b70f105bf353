import Foundation
import Subprocess
import SwiftbyteTestSupport
import Testing

/// `source-declarative-manifest` runs a plain command line directly, its manifest loading from
/// the start, and hands any other to ArgumentParser: however the options are spelled, a run
/// does exactly the same, its output and exit status alike.
@Suite struct SourceDeclarativeManifestEarlyPreparationTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("DeclarativeSourceTests/Fixtures")
    static let manifest = fixtures.appendingPathComponent("config-normalization.yaml").path
    static let product = BuiltProduct(name: "source-declarative-manifest")
    static let config = #"{"api_key": "k", "legacy_region": "eu", "tier": "gold", "nested": {"mode": "fast"}}"#

    /// `stdout` without what changes from run to run: times, and the config's temporary path.
    static func comparable(_ stdout: String, configPath: String) -> String {
        stdout.replacingOccurrences(of: configPath, with: "CONFIG")
            .replacingOccurrences(of: #""emitted_at":[0-9.]+"#, with: #""emitted_at":0"#, options: .regularExpression)
    }

    /// A `discover` run's comparable output, and the config file after it.
    static func discover(_ arguments: (String) -> [String]) async throws -> (output: String, config: String) {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let configPath = try folder.write("config.json", config)
        let output = try await product.run(["discover"] + arguments(configPath))
        #expect(output.succeeded, "\(output.stderr)")
        let written = try String(contentsOfFile: configPath, encoding: .utf8)
        return (comparable(output.stdout, configPath: configPath), written)
    }

    @Test func everySpellingOfTheOptionsGivesTheSameRun() async throws {
        let plain = try await Self.discover { ["--config", $0, "--manifest-path", Self.manifest] }
        #expect(plain.output.contains(#""type":"CATALOG""#))
        // The migration ran once: one CONNECTOR_CONFIG, the file rewritten.
        #expect(plain.output.components(separatedBy: #""type":"CONNECTOR_CONFIG""#).count == 2)
        #expect(plain.config.contains(#""region":"EU""#))
        let spellings: [(String) -> [String]] = [
            { ["--config=\($0)", "--manifest-path=\(Self.manifest)"] },
            { ["--manifest-path", Self.manifest, "--debug", "--config", $0] },
            // Repeated: ArgumentParser runs it, and its choice (the last) is used.
            { ["--config", "/nonexistent/config.json", "--config", $0, "--manifest-path", Self.manifest] },
        ]
        for spelling in spellings {
            let run = try await Self.discover(spelling)
            #expect(run.output == plain.output)
            #expect(run.config == plain.config)
        }
    }

    @Test func aManifestThatFailsFailsTheSameWayWhenLoadedEarly() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let configPath = try folder.write("config.json", "{}")
        let manifestPath = try folder.write("manifest.yaml", "version: 6.0.0\nstreams: [\n")
        let early = try await Self.product.run(["check", "--config", configPath, "--manifest-path", manifestPath])
        // A repeated option: ArgumentParser runs the command, and the manifest is loaded late.
        let late = try await Self.product.run(
            ["check", "--config", configPath, "--config", configPath, "--manifest-path", manifestPath])
        #expect(!early.succeeded && !late.succeeded)
        #expect(early.stdout.contains(#""failure_type":"system_error""#) && early.stdout.contains("Error starting the sync"))
        #expect(Self.comparable(late.stdout, configPath: configPath) == Self.comparable(early.stdout, configPath: configPath))
    }

    /// A read that fails exits with 1 run directly or through ArgumentParser; a line
    /// ArgumentParser refuses (no catalog) gets its usage error, as before.
    @Test func aReadRunsTheSameDirectlyAndThroughArgumentParser() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        // A URL without a scheme: the stream fails at its first request, with no retry.
        let manifestPath = try folder.write(
            "manifest.yaml",
            try String(contentsOfFile: Self.manifest, encoding: .utf8)
                .replacingOccurrences(of: "https://api.example.com/v1", with: "api.example.com/v1"))
        let catalog = try folder.write(
            "catalog.json",
            #"{"streams": [{"stream": {"name": "items", "json_schema": {}, "supported_sync_modes": ["full_refresh"]}, "#
                + #""sync_mode": "full_refresh", "destination_sync_mode": "append"}]}"#)
        let direct = try await Self.run(folder) { ["read", "--config", $0, "--catalog", catalog, "--manifest-path", manifestPath] }
        let parsed = try await Self.run(folder) {
            ["read", "--catalog", catalog, "--config", $0, "--config", $0, "--manifest-path=\(manifestPath)"]
        }
        #expect(direct.status == .exited(1) && parsed.status == .exited(1))
        #expect(direct.output.contains(#""status":"INCOMPLETE""#) && direct.output.contains("No scheme supplied"))
        #expect(direct.output == parsed.output)
        let refused = try await Self.product.run(["read", "--config", catalog, "--manifest-path", manifestPath])
        #expect(refused.status == .exited(64) && refused.stderr.contains("Missing expected argument '--catalog <catalog>'"))
    }

    /// A run with a fresh copy of the config, its comparable output and exit status.
    static func run(
        _ folder: TemporaryFolder, _ arguments: (String) -> [String]
    ) async throws -> (output: String, status: TerminationStatus) {
        let configPath = try folder.write("config-\(UUID().uuidString).json", config)
        let output = try await product.run(arguments(configPath))
        return (comparable(output.stdout, configPath: configPath), output.status)
    }
}
