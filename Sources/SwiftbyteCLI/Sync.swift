import AirbyteProtocol
import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte sync SOURCE --destination NAME`: pipes a source into any Airbyte destination connector.
struct Sync: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Pipe a source into an Airbyte destination connector; later syncs resume from the states it echoed.",
        discussion: """
            The destination resolves like the source: an executable on PATH (or --destination-executable), \
            a Python connector from PyPI (airbyte-NAME, or --destination-pip-url), or a Docker image \
            (--destination-docker-image). destination-duckdb is built in. States the destination echoes are kept \
            in --state-file, or else in the cache's _airbyte_destination_state table, keyed by source and destination.
            """)

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: "The destination connector, such as destination-duckdb.")
    var destination: String

    @Option(name: .long, help: ArgumentHelp("The destination's config: inline JSON, or a JSON or YAML file.", valueName: "json-or-file"))
    var destinationConfig: String?

    @Option(name: .long, help: ArgumentHelp("Only these streams, comma-separated.", valueName: "a,b"))
    var streams: String?

    @Flag(name: .long, help: "Read every stream from the start, without the saved states.")
    var fullRefresh = false

    @Flag(name: .long, help: "Run the destination's check before starting the source.")
    var check = false

    @Option(name: .long, help: ArgumentHelp("Keep the states in this JSON file instead of the cache.", valueName: "path"))
    var stateFile: String?

    @Option(name: .long, help: "The cache's DuckDB file, which keeps the states unless --state-file is given.")
    var cache: String = Cache.defaultPath

    @Option(name: .long, help: ArgumentHelp("Install the destination from this pip requirement (default airbyte-NAME).", valueName: "url"))
    var destinationPipURL: String?

    @Option(name: .long, help: ArgumentHelp("Run this executable as the destination.", valueName: "path"))
    var destinationExecutable: String?

    @Option(name: .long, help: ArgumentHelp("Run the destination from this Docker image.", valueName: "image"))
    var destinationDockerImage: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if [destinationPipURL, destinationExecutable, destinationDockerImage].compactMap({ $0 }).count > 1 {
            throw ValidationError("give one of --destination-pip-url, --destination-executable, --destination-docker-image")
        }
    }

    func run() async throws {
        let sourceOptions = self.sourceOptions
        let destinationConfigInput = ConnectorArguments.config(destinationConfig)
        let destinationExecutor = ConnectorArguments.executor(
            for: destination, executable: destinationExecutable,
            pipURL: destinationPipURL, dockerImage: destinationDockerImage)
        let selection = ConnectorArguments.streams(streams)
        let (sourceName, destinationName, cachePath, stateFile) = (sourceOptions.source, destination, cache, self.stateFile)
        let (fullRefresh, check) = (self.fullRefresh, self.check)
        let display = ProgressDisplay(output)
        do {
            let result = try await withInterruptCancellation {
                // The destination first: a bad destination config is refused before the source starts.
                let destination = try await DestinationConnector.resolve(
                    destinationName, config: destinationConfigInput,
                    executor: destinationExecutor,
                    secrets: ConnectorArguments.secrets,
                    logger: display.logger)
                if check { try await destination.check() }
                let states: any SyncStateStore
                if let stateFile {
                    states = StateFile(path: stateFile)
                } else {
                    if let path = destination.config["destination_path"]?.stringValue, Self.samePath(path, cachePath) {
                        throw ValidationError(
                            """
                            the destination writes to \(path), the cache that would keep the sync's states; \
                            give --state-file, or a different --cache
                            """)
                    }
                    states = try Cache(path: cachePath)
                }
                let source = try await sourceOptions.resolve(logger: display.logger)
                if let selection { try await source.select(selection) }
                display.start()
                defer { display.stop() }
                return try await source.sync(
                    to: destination, states: states, fullRefresh: fullRefresh,
                    progress: display.progress)
            }
            RunSummary(sync: result, source: sourceName).print(output)
        } catch is CancellationError {
            display.write("swiftbyte: sync interrupted; the states the destination echoed so far let the next sync resume.")
            throw ExitCode(130)
        } catch {
            display.write("swiftbyte: sync \(sourceName) → \(destinationName) failed: \(error)")
            throw ExitCode(1)
        }
    }

    private static func samePath(_ first: String, _ second: String) -> Bool {
        URL(fileURLWithPath: first).standardizedFileURL.path == URL(fileURLWithPath: second).standardizedFileURL.path
    }
}
