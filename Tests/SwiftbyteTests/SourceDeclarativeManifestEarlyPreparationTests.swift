import Foundation
import SwiftbyteTestSupport
import Testing

/// `source-declarative-manifest` starts loading the manifest from the raw command line while
/// ArgumentParser parses it, and uses that work only when the parsed inputs match: however the
/// options are spelled, a run does exactly what it did without the early start.
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
            // Repeated: the early start stands aside, and ArgumentParser's choice (the last) is used.
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
        // A repeated option: the early start stands aside and the manifest is loaded late.
        let late = try await Self.product.run(
            ["check", "--config", configPath, "--config", configPath, "--manifest-path", manifestPath])
        #expect(!early.succeeded && !late.succeeded)
        #expect(early.stdout.contains(#""failure_type":"system_error""#) && early.stdout.contains("Error starting the sync"))
        #expect(Self.comparable(late.stdout, configPath: configPath) == Self.comparable(early.stdout, configPath: configPath))
    }
}
