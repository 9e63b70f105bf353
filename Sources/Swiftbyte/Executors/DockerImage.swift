#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A connector packaged as a Docker image, run with
/// `docker run --rm -i --volume <files>:/swiftbyte/files:ro --user <uid>:<gid> <image> …`.
///
/// The folder with the config, catalog and state files is mounted read-only
/// and the connector's arguments are rewritten to name the mounted paths. The
/// container runs as the calling user so it can read those files, which are
/// private to that user (mode 0600).
///
/// ``prepare(progress:)`` asks `docker info` first and fails with a plain
/// message when no engine answers.
public struct DockerImage: ConnectorExecutor {
    /// Where the files folder is mounted in the container.
    static let containerFolder = "/swiftbyte/files"

    /// The image, such as `airbyte/source-faker:6.2.1`.
    public var image: String
    /// The Docker CLI: a name on PATH or a path (`podman` works too).
    public var docker: String

    /// A connector run from `image` with the `docker` CLI.
    public init(_ image: String, docker: String = "docker") {
        self.image = image
        self.docker = docker
    }

    /// The image.
    public var description: String { "Docker image \(image)" }

    /// The image's connector name: `airbyte/source-faker:6.2.1` → `source-faker`.
    var connectorName: String {
        let last = image.split(separator: "/").last.map(String.init) ?? image
        return last.split(separator: ":").first.map(String.init) ?? last
    }

    /// Checks that the Docker CLI exists and an engine answers.
    ///
    /// - Throws: ``ExecutorError`` with ``ExecutorError/Code/dockerUnavailable``.
    public func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand {
        guard let cli = ExecutablePath.resolve(docker) else {
            throw ExecutorError(
                .dockerUnavailable, connector: connectorName,
                message: """
                    Running \(image) needs Docker, but \(docker) was not found on PATH. Install Docker, \
                    or run the connector as an installed executable or a Python connector from PyPI.
                    """)
        }
        let outcome: ToolProcess.Outcome?
        do {
            outcome = try await ToolProcess.run(cli, ["info", "--format", "{{.ServerVersion}}"], timeout: .seconds(20))
        } catch let error as CancellationError {
            throw error
        } catch {
            throw ExecutorError(.dockerUnavailable, connector: connectorName, message: "Cannot run \(cli): \(error)")
        }
        guard let outcome, outcome.succeeded else {
            throw ExecutorError(
                .dockerUnavailable, connector: connectorName,
                message: """
                    Running \(image) needs a Docker engine, but none answers: `\(docker) info` \
                    \(outcome.map { $0.status.explanation } ?? "did not answer within 20 seconds"). Start the Docker \
                    engine (or Docker Desktop), or run the connector as an installed executable or a Python connector from PyPI.
                    """, outputTail: outcome?.tail ?? "")
        }
        return command(cli: cli)
    }

    func command(cli: String) -> ConnectorCommand {
        let image = self.image
        let user = "\(getuid()):\(getgid())"
        return ConnectorCommand(executable: cli) { arguments, folder in
            let mapped = arguments.map { argument in
                argument.hasPrefix(folder + "/") ? Self.containerFolder + argument.dropFirst(folder.count) : argument
            }
            // --init: an init process as PID 1 passes the SIGTERM of a teardown on to
            // the connector (which, as PID 1 itself, would ignore it).
            return ["run", "--rm", "-i", "--init", "--volume", "\(folder):\(Self.containerFolder):ro", "--user", user, image] + mapped
        }
    }
}
