import AirbyteProtocol
import DeclarativeManifest
import Foundation
import Testing

/// `ResolvedManifest` against the Python CDK's own resolver and transformer, over the real
/// connectors' manifests and this suite's fixtures: the resolved trees must be equal.
@Suite struct ManifestResolutionOracleTests {
    @Test func resolvesLikeTheCDK() throws {
        let manifests = Oracle.sharedManifests + Self.fixtures
        try #require(!manifests.isEmpty, "no manifests found in ../shared/manifests")
        guard Oracle.python != nil else {
            if Oracle.isCI { Issue.record("the oracle venv is missing in CI") }
            print("skipped: \(Oracle.OracleMissing())")
            return
        }
        let script = Oracle.repositoryRoot.appendingPathComponent("Tests/DeclarativeManifestTests/Oracle/resolve_manifest.py")
        let output = try Oracle.run(script, manifests.map(\.path))
        var compared = 0
        for line in output.split(separator: UInt8(ascii: "\n")) {
            let entry = try JSONValue(parsing: line)
            let path = try #require(entry["path"]?.stringValue)
            let name = URL(fileURLWithPath: path).lastPathComponent
            let ours = Result { () throws(ManifestError) in try ResolvedManifest(contentsOfFile: path) }
            if let expected = entry["resolved"] {
                switch ours {
                case .success(let manifest):
                    if let difference = JSONDifference.first(JSONValue.object(manifest.root), expected) {
                        Issue.record("\(name): resolved manifest differs from the CDK's: \(difference)")
                    }
                case .failure(let error):
                    Issue.record("\(name): the CDK resolves it, we fail: \(error)")
                }
            } else {
                if case .success = ours { Issue.record("\(name): the CDK fails (\(entry["error"] ?? "")), we resolve it") }
            }
            compared += 1
        }
        #expect(compared == manifests.count)
    }

    static var fixtures: [URL] {
        let folder = Oracle.repositoryRoot.appendingPathComponent("Tests/DeclarativeManifestTests/Fixtures")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted().map { folder.appendingPathComponent($0) }
    }
}
