import ArgumentParser
import Logging
import Swiftbyte

/// The source and how to run it, shared by `read`, `sync` and `discover`.
struct SourceOptions: ParsableArguments {
    @Argument(help: "The source connector, such as source-faker.")
    var source: String

    @Option(name: .long, help: ArgumentHelp("The source's config: inline JSON, or a JSON or YAML file.", valueName: "json-or-file"))
    var config: String?

    @Option(
        name: .long,
        help: ArgumentHelp("Install the Python connector from this pip requirement (default airbyte-SOURCE).", valueName: "url"))
    var pipURL: String?

    @Option(name: .long, help: ArgumentHelp("Run this executable as the source.", valueName: "path"))
    var executable: String?

    @Option(name: .long, help: ArgumentHelp("Run the source from this Docker image (needs a running Docker engine).", valueName: "image"))
    var dockerImage: String?

    func validate() throws {
        if [pipURL, executable, dockerImage].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of --pip-url, --executable, --docker-image")
        }
    }

    /// Resolves the source: runs its `spec`, fills secrets and validates the config.
    func resolve(logger: Logger) async throws -> Source {
        try await Source.resolve(
            source, config: ConnectorArguments.config(config),
            executor: ConnectorArguments.executor(
                for: source, executable: executable,
                pipURL: pipURL, dockerImage: dockerImage),
            secrets: ConnectorArguments.secrets, logger: logger)
    }
}
