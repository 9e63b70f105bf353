import Swiftbyte

/// Turning command-line values into what the library takes.
enum ConnectorArguments {
    /// `--config`: inline JSON when it starts with `{`, else a JSON or YAML file; empty when absent.
    static func config(_ argument: String?) -> ConfigInput {
        guard let argument else { return .empty }
        return argument.trimmingCharacters(in: .whitespaces).hasPrefix("{") ? .inline(argument) : .file(argument)
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
