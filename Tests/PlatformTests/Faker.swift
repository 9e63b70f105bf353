import AirbyteProtocol
import Foundation
import Testing

@testable import Swiftbyte

/// The real `airbyte-source-faker` from PyPI, installed once per machine into
/// swiftbyte's default connector cache (so reruns are fast, and the CLI finds
/// it too): the smoke tests against a real connector. Tests using it are
/// skipped, with the reason shown, only when PyPI cannot be reached on a
/// developer's machine; in CI (`CI=true`) they fail instead, so a missing
/// install step can never pass unnoticed. Everything else the runner does is
/// tested without PyPI, with ``ScriptSource`` and ``ScriptConnector``.
enum Faker {
    static let executor = PythonConnector("source-faker")

    private static let installation = Task<Bool, any Error> {
        do {
            _ = try await executor.prepare { line in
                FileHandle.standardError.write(Data("[faker install] \(line)\n".utf8))
            }
            return true
        } catch let error as ExecutorError where error.code == .installFailed {
            guard await !pypiReachable() else { throw error }
            if ProcessInfo.processInfo.environment["CI"] == "true" {
                throw FakerUnavailableInCI(reason: "\(skipComment.rawValue); CI (CI=true) must be able to install it: \(error)")
            }
            return false
        }
    }

    /// Whether faker is installed; installs it the first time. `false` only
    /// when PyPI is unreachable; any other install failure is thrown.
    @Sendable static func available() async throws -> Bool {
        try await installation.value
    }

    /// Asks pip (with the machine's pip configuration) whether PyPI answers.
    private static func pypiReachable() async -> Bool {
        let outcome = try? await ToolProcess.run(
            "/usr/bin/env", ["python3", "-m", "pip", "index", "versions", "airbyte-source-faker"],
            timeout: .seconds(60))
        return outcome?.succeeded ?? false
    }

    static let skipComment: Comment = "PyPI is unreachable, so airbyte-source-faker cannot be installed"

    /// Thrown instead of skipping when CI cannot install faker.
    struct FakerUnavailableInCI: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
