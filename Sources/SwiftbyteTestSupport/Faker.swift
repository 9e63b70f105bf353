public import AirbyteProtocol
import Foundation
import Subprocess
public import Swiftbyte
import SystemPackage
public import Testing

/// The real `airbyte-source-faker` from PyPI, installed once per machine into
/// swiftbyte's default connector cache (so reruns are fast, and the CLI finds
/// it too): the smoke tests against a real connector. Tests using it are
/// skipped, with the reason shown, only when PyPI cannot be reached on a
/// developer's machine; in CI (`CI=true`) they fail instead, so a missing
/// install step can never pass unnoticed. Everything else the runner does is
/// tested without PyPI, with ``ScriptSource`` and ``ScriptConnector``.
///
/// ```swift
/// @Suite(.enabled(Faker.skipComment, Faker.available)) struct SyncTests { … }
/// guard try await Faker.available() else { try Test.cancel(Faker.skipComment) }
/// ```
public enum Faker {
    /// How faker runs: from PyPI, in swiftbyte's connector cache.
    public static let executor = PythonConnector("source-faker")

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
    @Sendable public static func available() async throws -> Bool {
        try await installation.value
    }

    /// Asks pip (with the machine's pip configuration) whether PyPI answers, within a minute.
    private static func pypiReachable() async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                let result = try? await Subprocess.run(
                    .path("/usr/bin/env"), arguments: ["python3", "-m", "pip", "index", "versions", "airbyte-source-faker"],
                    output: .discarded, error: .discarded)
                return result?.terminationStatus.isSuccess ?? false
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(60))
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    /// Why a test using faker was skipped.
    public static let skipComment: Comment = "PyPI is unreachable, so airbyte-source-faker cannot be installed"

    /// Thrown instead of skipping when CI cannot install faker.
    public struct FakerUnavailableInCI: Error, CustomStringConvertible {
        /// Why, with the install's error.
        public var reason: String
        public var description: String { reason }
    }

    /// A faker source generating `count` users (seed 7, one process), its logs discarded.
    public static func source(
        count: Int = 50, extra: [(String, JSONValue)] = [], secrets: SecretResolver = SecretResolver(),
        executor: (any ConnectorExecutor)? = nil
    ) async throws -> Source {
        var config = JSONObject([("count", .number(String(count))), ("seed", 7), ("parallelism", 1)])
        for (key, value) in extra { config[key] = value }
        return try await Source.resolve(
            "source-faker", config: .value(.object(config)), executor: executor ?? Self.executor,
            secrets: secrets)
    }
}
