/// A connector that is already installed: an executable on PATH (by name) or
/// at a path. Nothing is installed.
///
/// ```swift
/// LocalExecutable("source-faker")                  // the first source-faker on PATH
/// LocalExecutable("./venv/bin/source-postgres")    // a path
/// ```
public struct LocalExecutable: ConnectorExecutor {
    /// A name looked up on PATH, or a path (anything containing `/`).
    public var executable: String

    /// The connector run by `executable`: a name on PATH or a path.
    public init(_ executable: String) {
        self.executable = executable
    }

    /// The executable as given.
    public var description: String { "local executable \(executable)" }

    /// Finds the executable.
    ///
    /// - Throws: ``ExecutorError`` with ``ExecutorError/Code/executableNotFound``.
    public func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand {
        guard let path = ExecutablePath.resolve(executable) else {
            let name = executable.split(separator: "/").last.map(String.init) ?? executable
            let message =
                executable.contains("/")
                ? "The connector executable \(executable) does not exist or is not executable."
                : "No executable named \(executable) was found on PATH. Install the connector, pass its path, or let swiftbyte install it from PyPI."
            throw ExecutorError(.executableNotFound, connector: name, message: message)
        }
        return ConnectorCommand(executable: path)
    }
}
