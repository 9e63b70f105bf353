import Foundation
import Subprocess
import SystemPackage

/// An executable of this package, built beside the test bundle, run as a real
/// process with stdout and stderr kept apart and stdin at end of file (not a terminal).
struct BuiltProduct {
    struct Output {
        var status: TerminationStatus
        var stdout: String
        var stderr: String
        var succeeded: Bool { status.isSuccess }
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init) }
    }

    static let swiftbyte = BuiltProduct(name: "swiftbyte")
    static let example = BuiltProduct(name: "swiftbyte-example")

    let path: String

    init(name: String) {
        path = CacheReadTests.swiftbyteExecutable.deletingLastPathComponent().appendingPathComponent(name).path
    }

    func run(_ arguments: [String], in folder: String? = nil) async throws -> Output {
        let result = try await Subprocess.run(
            .path(FilePath(path)), arguments: Arguments(arguments), workingDirectory: folder.map { FilePath($0) },
            output: .string(limit: 16 << 20), error: .string(limit: 16 << 20))
        return Output(status: result.terminationStatus, stdout: result.standardOutput, stderr: result.standardError)
    }
}
