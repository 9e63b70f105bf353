import ConnectorKit
import Foundation
import Swiftbyte

/// Turning command-line values into what the library takes.
enum ConnectorArguments {
    /// `--config`: inline JSON when it starts with `{`, else a JSON or YAML file; empty when absent.
    static func config(_ argument: String?) -> ConfigInput {
        guard let argument else { return .empty }
        return argument.trimmingCharacters(in: .whitespaces).hasPrefix("{") ? .inline(argument) : .file(argument)
    }

    /// Where `swiftbyte` finds secrets a config refers to or lacks: the
    /// environment, then `./.env`, then (on a terminal) a prompt without echo.
    /// The library looks nowhere unless told; this command line chooses these.
    static var secrets: SecretResolver {
        SecretResolver(
            environment: ProcessInfo.processInfo.environment, dotEnvPath: ".env",
            prompt: isatty(STDIN_FILENO) == 1 ? SecretResolver.terminalPrompt : nil)
    }

    /// The executor the options ask for; `nil` lets the library choose.
    static func executor(for name: String, executable: String?, pipURL: String?, dockerImage: String? = nil) -> (any ConnectorExecutor)? {
        if let executable { return LocalExecutable(executable) }
        if let pipURL { return PythonConnector(name, pipURL: pipURL) }
        if let dockerImage { return DockerImage(dockerImage) }
        return nil
    }

    /// `--streams a,b` as names.
    static func streams(_ argument: String?) -> [String]? {
        argument?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
