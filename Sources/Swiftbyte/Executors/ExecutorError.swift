/// A connector could not be made runnable: its executable is missing, Python
/// or Docker is not usable, or its installation failed. ``description`` says
/// what to do.
public struct ExecutorError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// No executable of that name on PATH, or the path given does not exist or is not executable.
        public static let executableNotFound = Code(name: "executableNotFound")
        /// The Python interpreter is missing, is not Python 3, or cannot make virtualenvs.
        public static let pythonUnavailable = Code(name: "pythonUnavailable")
        /// `pip install` failed, or installed no executable of the connector's name.
        public static let installFailed = Code(name: "installFailed")
        /// No Docker CLI, or no engine answers `docker info`.
        public static let dockerUnavailable = Code(name: "dockerUnavailable")
        /// The code's name, such as `pythonUnavailable`.
        public var description: String { name }
    }

    /// What kind of problem it is.
    public var code: Code
    /// The connector concerned, such as `source-faker`.
    public var connector: String
    /// What went wrong and what to do about it.
    public var message: String
    /// The last lines the failing tool wrote (pip's or docker's error output), if any.
    public var outputTail: String

    /// An error about `connector`.
    public init(_ code: Code, connector: String, message: String, outputTail: String = "") {
        self.code = code
        self.connector = connector
        self.message = message
        self.outputTail = outputTail
    }

    /// The message, followed by the tool's last output lines when there are any.
    public var description: String {
        outputTail.isEmpty ? message : "\(message)\n\(outputTail)"
    }
}
