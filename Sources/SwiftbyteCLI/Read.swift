import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte read SOURCE`: reads a source into the cache and prints a summary per stream.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a source into the DuckDB cache; later reads resume from the saved state.")

    @Argument(help: "The source connector, such as source-faker.")
    var source: String

    @Option(name: .long, help: ArgumentHelp("The config: inline JSON, or a JSON or YAML file.", valueName: "json-or-file"))
    var config: String?

    @Option(name: .long, help: ArgumentHelp("Only these streams, comma-separated.", valueName: "a,b"))
    var streams: String?

    @Flag(name: .long, help: "Read every stream from the start and replace its table.")
    var fullRefresh = false

    @Option(name: .long, help: "The cache's DuckDB file.")
    var cache: String = Cache.defaultPath

    @Option(name: .long, help: "The schema holding stream tables.")
    var schema: String = "main"

    @Option(name: .long, help: ArgumentHelp("Install the Python connector from this pip requirement (default airbyte-SOURCE).", valueName: "url"))
    var pipURL: String?

    @Option(name: .long, help: ArgumentHelp("Run this executable as the connector.", valueName: "path"))
    var executable: String?

    @OptionGroup var output: OutputOptions

    func validate() throws {
        if pipURL != nil, executable != nil { throw ValidationError("give --pip-url or --executable, not both") }
    }

    func run() async throws {
        let configInput = ConnectorArguments.config(config)
        let executor = ConnectorArguments.executor(for: source, executable: executable, pipURL: pipURL)
        let selection = ConnectorArguments.streams(streams)
        let (sourceName, cachePath, schema, fullRefresh) = (source, cache, self.schema, self.fullRefresh)
        let display = ProgressDisplay(output)
        do {
            let result = try await withInterruptCancellation {
                let opened = try Cache(path: cachePath, schema: schema)
                let source = try await Source.resolve(sourceName, config: configInput, executor: executor,
                                                      log: display.log(for: sourceName))
                if let selection { try await source.select(selection) }
                display.start()
                defer { display.stop() }
                return try await source.read(into: opened, fullRefresh: fullRefresh, progress: display.progress)
            }
            RunSummary(read: result, source: sourceName, cache: cachePath).print(output)
        } catch is CancellationError {
            display.write("swiftbyte: read interrupted; the states saved so far let the next read resume.")
            throw ExitCode(130)
        } catch {
            display.write("swiftbyte: read \(sourceName) failed: \(error)")
            throw ExitCode(1)
        }
    }
}
