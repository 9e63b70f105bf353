import Foundation
import Testing

/// The Python oracle (Airbyte's CDK in the shared venv that `scripts/setup-oracles` builds).
///
/// Tests that compare against it skip locally with a visible reason when the venv is
/// missing, and fail in CI (`CI=true`), where `scripts/test` must have built it.
enum Oracle {
    static var python: String? {
        let cache =
            ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.cache"
        let python = cache + "/swiftbyte/oracle-venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    /// The repository root (two levels above this file's folder).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// `../shared/manifests` beside the checkout, where the real connectors' manifests live.
    static var sharedManifests: [URL] {
        let folder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/manifests")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    /// Runs `script` with the oracle's Python and returns its standard output.
    static func run(_ script: URL, _ arguments: [String]) throws -> Data {
        guard let python else { throw OracleMissing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script.path] + arguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    struct OracleMissing: Error, CustomStringConvertible {
        var description: String { "the oracle venv is missing: run scripts/setup-oracles" }
    }
}
