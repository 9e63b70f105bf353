/// How a connector is run as a process: a local executable, a Python package
/// installed into a managed virtualenv, or a Docker image.
///
/// ```swift
/// let faker = PythonConnector("source-faker")            // pip install airbyte-source-faker
/// let local = LocalExecutable("source-faker")            // found on PATH
/// let image = DockerImage("airbyte/source-faker:6.2.1")  // docker run --rm -i …
/// let source = try await Source.resolve("source-faker", config: ["count": 50], executor: faker)
/// ```
///
/// ``Source`` calls ``prepare(progress:)`` once, before the first run, then
/// starts the returned command once per `spec`, `check`, `discover` or `read`.
public protocol ConnectorExecutor: Sendable, CustomStringConvertible {
    /// Makes the connector runnable, installing it when it is missing, and
    /// says how to start it. `progress` receives one line per step worth
    /// showing (an install's pip output, for example).
    ///
    /// - Throws: ``ExecutorError`` saying what is missing and how to get it.
    func prepare(progress: @escaping @Sendable (String) -> Void) async throws -> ConnectorCommand
}

/// The program that runs a prepared connector, and how a connector's
/// arguments become that program's arguments.
public struct ConnectorCommand: Sendable {
    /// The program's absolute path.
    public var executable: String
    /// Variables added to the inherited environment.
    public var environment: [String: String]
    private let makeArguments: @Sendable (_ connectorArguments: [String], _ filesFolder: String) -> [String]

    /// A command running `executable`.
    ///
    /// - Parameters:
    ///   - executable: The program's path.
    ///   - environment: Variables set for it, besides those it inherits.
    ///   - arguments: Builds the program's arguments from the connector's own
    ///     (`read --config /tmp/…/config.json …`) and the folder holding the
    ///     config, catalog and state files those name. The default passes the
    ///     connector's arguments unchanged; a container runtime mounts the
    ///     folder and rewrites the paths.
    public init(
        executable: String, environment: [String: String] = [:],
        arguments: @escaping @Sendable (_ connectorArguments: [String], _ filesFolder: String) -> [String] = { arguments, _ in arguments }
    ) {
        self.executable = executable
        self.environment = environment
        self.makeArguments = arguments
    }

    /// The program's arguments for the connector arguments `connectorArguments`.
    public func arguments(for connectorArguments: [String], filesFolder: String) -> [String] {
        makeArguments(connectorArguments, filesFolder)
    }
}
