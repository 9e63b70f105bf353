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

    /// Runs it with `arguments` in `folder`, with exactly `environment` when given (else the test's own),
    /// and stdin read from `stdinPath` when given.
    func run(
        _ arguments: [String], in folder: String? = nil, environment: [String: String]? = nil, stdinPath: String? = nil
    ) async throws -> Output {
        let variables: Environment =
            environment.map { .custom(Dictionary(uniqueKeysWithValues: $0.map { (Environment.Key(stringLiteral: $0.key), $0.value) })) }
            ?? .inherit
        let executable = Executable.path(FilePath(path))
        let workingDirectory = folder.map { FilePath($0) }
        guard let stdinPath else {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(arguments), environment: variables, workingDirectory: workingDirectory,
                output: .string(limit: 16 << 20), error: .string(limit: 16 << 20))
            return Output(status: result.terminationStatus, stdout: result.standardOutput, stderr: result.standardError)
        }
        let input = try FileDescriptor.open(FilePath(stdinPath), .readOnly)
        let result = try await Subprocess.run(
            executable, arguments: Arguments(arguments), environment: variables, workingDirectory: workingDirectory,
            input: .fileDescriptor(input, closeAfterSpawningProcess: true), output: .string(limit: 16 << 20),
            error: .string(limit: 16 << 20))
        return Output(status: result.terminationStatus, stdout: result.standardOutput, stderr: result.standardError)
    }
}
