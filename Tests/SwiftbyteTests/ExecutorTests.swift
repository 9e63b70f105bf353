import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// What each executor says when it cannot run a connector, and how it builds commands.
struct ExecutorTests {
    @Test func aMissingPythonGivesAClearMessage() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let executor = PythonConnector("source-faker", python: "/nonexistent/bin/python3", installRoot: folder.path)
        let error = await #expect(throws: ExecutorError.self) { _ = try await executor.prepare { _ in } }
        #expect(error?.code == .pythonUnavailable)
        #expect(error?.description.contains("needs Python 3 with its venv module, but /nonexistent/bin/python3 does not exist") == true)
        #expect(error?.description.contains("apt-get install python3 python3-venv") == true)
        #expect(!FileManager.default.fileExists(atPath: executor.installFolder), "nothing half-installed is left")

        let notOnPath = PythonConnector("source-faker", python: "no-such-python3", installRoot: folder.path)
        let missing = await #expect(throws: ExecutorError.self) { _ = try await notOnPath.prepare { _ in } }
        #expect(missing?.description.contains("no-such-python3 was not found on PATH") == true)
    }

    @Test func anInterpreterThatCannotMakeAVirtualenvIsReported() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let notPython = try folder.write("python3", "#!/bin/sh\necho 'No module named venv' >&2\nexit 1\n", executable: true)
        let executor = PythonConnector("source-faker", python: notPython, installRoot: folder.path + "/connectors")
        let error = await #expect(throws: ExecutorError.self) { _ = try await executor.prepare { _ in } }
        #expect(error?.code == .pythonUnavailable)
        #expect(error?.outputTail == "No module named venv")
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.path + "/connectors").filter { !$0.hasSuffix(".lock") }
        #expect(left.isEmpty, "the partial install is removed: \(left)")
    }

    @Test func pythonConnectorLayoutAndPipURL() {
        let latest = PythonConnector("source-faker", installRoot: "/cache/connectors")
        #expect(latest.pipURL == "airbyte-source-faker")
        #expect(latest.installFolder == "/cache/connectors/source-faker-latest")
        #expect(latest.packageName == "airbyte-source-faker")
        let pinned = PythonConnector("source-faker", version: "6.2.1", installRoot: "/cache/connectors")
        #expect(pinned.pipURL == "airbyte-source-faker==6.2.1")
        #expect(pinned.installFolder == "/cache/connectors/source-faker-6.2.1")
        #expect(pinned.packageName == "airbyte-source-faker")
        let pinnedByURL = PythonConnector("source-faker", pipURL: "airbyte-source-faker==6.2.1", installRoot: "/cache/connectors")
        #expect(pinnedByURL.installFolder == pinned.installFolder, "a pinned pip URL shares the version's folder")
        let git = PythonConnector("source-x", pipURL: "git+https://example.invalid/x.git#subdirectory=y")
        #expect(git.packageName == nil)
        #expect(git.folderName.hasPrefix("source-x-pip-") && git.folderName.count == "source-x-pip-".count + 16)
        #expect(git.folderName == PythonConnector("source-x", pipURL: "git+https://example.invalid/x.git#subdirectory=y").folderName)
        #expect(git.folderName != PythonConnector("source-x", pipURL: "git+https://example.invalid/x.git#subdirectory=z").folderName)
        #expect(ShellWords.split(#"pkg "a b" c\ d 'e "f"'"#) == ["pkg", "a b", "c d", #"e "f""#])
    }

    @Test func noDockerEngineGivesAPlainError() async throws {
        let error = await #expect(throws: ExecutorError.self) {
            _ = try await DockerImage("airbyte/source-faker:6.2.1").prepare { _ in }
        }
        #expect(error?.code == .dockerUnavailable)
        #expect(error?.connector == "source-faker")
        #expect(error?.message.contains("Docker") == true)

        let noCLI = await #expect(throws: ExecutorError.self) {
            _ = try await DockerImage("airbyte/source-faker", docker: "no-such-docker").prepare { _ in }
        }
        #expect(noCLI?.message.contains("no-such-docker was not found on PATH") == true)
    }

    @Test func dockerCommandsMountTheFilesFolderAndRewriteItsPaths() {
        let command = DockerImage("airbyte/source-faker:6.2.1").command(cli: "/usr/bin/docker")
        let arguments = command.arguments(
            for: ["read", "--config", "/tmp/swiftbyte-ab12/config.json", "--state", "/tmp/swiftbyte-ab12/state.json"],
            filesFolder: "/tmp/swiftbyte-ab12")
        #expect(command.executable == "/usr/bin/docker")
        #expect(Array(arguments.prefix(6)) == ["run", "--rm", "-i", "--init", "--volume", "/tmp/swiftbyte-ab12:/swiftbyte/files:ro"])
        #expect(
            Array(arguments.suffix(6)) == [
                "airbyte/source-faker:6.2.1", "read", "--config", "/swiftbyte/files/config.json",
                "--state", "/swiftbyte/files/state.json",
            ])
        #expect(arguments.contains("--user"))
    }

    @Test func aMissingLocalExecutableIsNamed() async throws {
        let error = await #expect(throws: ExecutorError.self) { _ = try await LocalExecutable("source-nowhere-xyz").prepare { _ in } }
        #expect(error?.code == .executableNotFound)
        #expect(error?.message.contains("source-nowhere-xyz") == true)
        #expect(Source.defaultExecutor(for: "source-nowhere-xyz") is PythonConnector)
        #expect(Source.defaultExecutor(for: "sh") is LocalExecutable)
    }
}
