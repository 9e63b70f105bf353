import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte read SOURCE`: reads a source into the cache and prints a summary per stream.
struct Read: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a source into the DuckDB cache; later reads resume from the saved state.")

    @OptionGroup var sourceOptions: SourceOptions

    @Option(name: .long, help: ArgumentHelp("Only these streams, comma-separated.", valueName: "a,b"))
    var streams: String?

    @Flag(name: .long, help: "Read every stream from the start and replace its table.")
    var fullRefresh = false

    @Flag(name: .long, help: "Basic normalization: flatten nested objects into columns, arrays of objects into child tables.")
    var normalize = false

    @Option(name: .long, help: "The cache's DuckDB file.")
    var cache: String = Cache.defaultPath

    @Option(name: .long, help: "The schema holding stream tables.")
    var schema: String = "main"

    @OptionGroup var output: OutputOptions

    func run() async throws {
        let sourceOptions = self.sourceOptions
        let selection = ConnectorArguments.streams(streams)
        let (sourceName, cachePath, schema, fullRefresh, normalize) = (
            sourceOptions.source, cache, self.schema, self.fullRefresh, self.normalize
        )
        let display = ProgressDisplay(output)
        do {
            let result = try await withInterruptCancellation {
                let opened = try Cache(path: cachePath, schema: schema)
                let source = try await sourceOptions.resolve(logger: display.logger)
                if let selection { try await source.select(selection) }
                display.start()
                defer { display.stop() }
                return try await source.read(
                    into: opened, fullRefresh: fullRefresh, basicNormalization: normalize, progress: display.progress)
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
