import Foundation
import SwiftbyteTestSupport
import Testing

/// The bar: every manifest runs through the Python CDK's `source-declarative-manifest` and
/// through ours against the same mock API with the clock frozen, and the requests, the
/// records per stream and the final states must be the same.
///
/// The manifests are the real connectors' in `../shared/manifests` (when present) and this
/// suite's fixtures. The test fails when a manifest of `Harness/expected-pass.txt` stops
/// passing; it prints every manifest's result. The CDK's results are cached under
/// `~/.cache/swiftbyte/declarative-oracle` (keyed by the harness, the CDK version and the
/// inputs), so a rerun only runs ours.
@Suite struct DifferentialHarnessTests {
    @Test func manifestsMatchTheCDK() async throws {
        guard let python = Harness.python, Harness.hasFaketime else {
            let reason = "the differential harness needs the oracle venv (scripts/setup-oracles) and faketime"
            if Harness.isCI { Issue.record(Comment(rawValue: reason)) }
            print("skipped: \(reason)")
            return
        }
        let ours = Harness.productsFolder.appendingPathComponent("source-declarative-manifest")
        try #require(FileManager.default.isExecutableFile(atPath: ours.path), "build source-declarative-manifest first")
        // A known difference still open runs only by hand (harness.py), not on every test run:
        // the file says why, and the runner prints it.
        let known = Harness.listed(in: "known-differences.txt")
        for name in known.sorted() { print("harness known difference, not run: \(name)") }
        let manifests = (Harness.sharedManifests + Harness.fixtures).filter { !known.contains($0.lastPathComponent) }
        var results = try await Harness.run(python: python, ours: ours, manifests: manifests)
        let expected = Harness.expectedPasses
        // The CDK itself is not deterministic everywhere (source-freshbooks' OAuth refresh races
        // with its partitions and fails a stream in about one run of two, "dictionary changed size
        // during iteration"), and its results are cached: an expected pass that fails is run again
        // against fresh CDK runs (up to three), and one that matches replaces the cached result.
        let failedExpected = results.filter { !$0.passed && expected.contains($0.manifest) }.map(\.manifest)
        if !failedExpected.isEmpty {
            let retried = try await Harness.run(
                python: python, ours: ours, manifests: manifests.filter { failedExpected.contains($0.lastPathComponent) },
                healingCache: true)
            for result in retried where result.passed {
                print("harness: \(result.manifest) matched on a fresh CDK run (the cached CDK result was replaced)")
                results.removeAll { $0.manifest == result.manifest }
                results.append(result)
            }
        }
        #expect(!expected.isEmpty, "Harness/expected-pass.txt lists the manifests that must match the CDK")
        var passed = 0
        for result in results.sorted(by: { $0.manifest < $1.manifest }) {
            if result.passed { passed += 1 }
            let mark = result.passed ? "pass" : "FAIL"
            print(
                "harness \(mark) \(result.manifest) records=\(result.records) \(result.problems.first.map { String($0.prefix(300)) } ?? "")"
            )
            if expected.contains(result.manifest) && !result.passed {
                Issue.record(
                    "\(result.manifest) passed before and now differs from the CDK: \(result.problems.prefix(3).joined(separator: " | "))")
            }
        }
        print("harness: \(passed)/\(results.count) manifests match the CDK")
        #expect(results.count == manifests.count)
    }
}

enum Harness {
    struct Result {
        var manifest: String
        var passed: Bool
        var records: Int
        var problems: [String]
    }

    static var isCI: Bool { ProcessInfo.processInfo.environment["CI"] == "true" }

    static var cacheHome: String {
        ProcessInfo.processInfo.environment["XDG_CACHE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory() + "/.cache"
    }

    static var python: String? {
        let python = cacheHome + "/swiftbyte/oracle-venv/bin/python"
        return FileManager.default.isExecutableFile(atPath: python) ? python : nil
    }

    /// The oracle venv's Python for a test that compares with the CDK; `nil` skips the test
    /// on a machine without the venv, and fails it in CI, whose test command installs it.
    static func oraclePython(sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        if let python { return python }
        if isCI { Issue.record("the oracle venv is missing in CI", sourceLocation: sourceLocation) }
        print("skipped: the oracle venv (scripts/setup-oracles) is missing")
        return nil
    }

    static var hasFaketime: Bool {
        ["/usr/bin/faketime", "/usr/local/bin/faketime"].contains { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static var harnessFolder: URL { repositoryRoot.appendingPathComponent("Tests/DeclarativeSourceTests/Harness") }

    static var productsFolder: URL {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("source-declarative-manifest").path) { return bundle }
        return repositoryRoot.appendingPathComponent(".build/debug")
    }

    static func yamlFiles(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }

    static var sharedManifests: [URL] {
        yamlFiles(in: repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared/manifests"))
    }
    static var fixtures: [URL] { yamlFiles(in: repositoryRoot.appendingPathComponent("Tests/DeclarativeSourceTests/Fixtures")) }

    static var expectedPasses: Set<String> { listed(in: "expected-pass.txt") }

    /// The manifest names a harness list file holds, one a line (`#` starts a comment line).
    static func listed(in file: String) -> Set<String> {
        let text = (try? String(contentsOf: harnessFolder.appendingPathComponent(file), encoding: .utf8)) ?? ""
        return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    static var oracleCache: String { cacheHome + "/swiftbyte/declarative-oracle" }

    /// Runs the harness over `manifests`. With `healingCache`, the CDK runs afresh (into a
    /// folder of its own) and its results replace the cached ones of the manifests that match.
    static func run(python: String, ours: URL, manifests: [URL], healingCache: Bool = false) async throws -> [Result] {
        guard healingCache else {
            return try await onOwnThread { try runBlocking(python: python, ours: ours, manifests: manifests, cache: oracleCache) }
        }
        var results: [Result] = []
        for manifest in manifests {
            // Up to three fresh CDK runs: a racing one fails about one time in two.
            var result: [Result] = []
            for _ in 0..<3 {
                let fresh = try TemporaryFolder()
                defer { fresh.remove() }
                result = try await onOwnThread { try runBlocking(python: python, ours: ours, manifests: [manifest], cache: fresh.path) }
                guard result.allSatisfy(\.passed) else { continue }
                for name in try FileManager.default.contentsOfDirectory(atPath: fresh.path) where name.hasSuffix(".json") {
                    let cached = oracleCache + "/" + name
                    try? FileManager.default.removeItem(atPath: cached)
                    try FileManager.default.copyItem(atPath: fresh.path + "/" + name, toPath: cached)
                }
                break
            }
            results += result
        }
        return results
    }

    private static func runBlocking(python: String, ours: URL, manifests: [URL], cache: String) throws -> [Result] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments =
            [
                harnessFolder.appendingPathComponent("harness.py").path, "--ours", ours.path, "--jobs", "2",
                "--cache", cache,
            ] + manifests.map(\.path)
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
            let stats = object["stats"] as? [String: Any]
            let run1 = stats?["run1"] as? [String: Any]
            return Result(
                manifest: object["manifest"] as? String ?? "?", passed: object["status"] as? String == "pass",
                records: run1?["records"] as? Int ?? 0, problems: object["problems"] as? [String] ?? [])
        }
    }
}
