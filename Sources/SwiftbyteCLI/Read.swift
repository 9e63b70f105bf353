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

    func validate() throws {
        if pipURL != nil, executable != nil { throw ValidationError("give --pip-url or --executable, not both") }
    }

    func run() async throws {
        let configInput: ConfigInput
        if let config {
            let trimmed = config.trimmingCharacters(in: .whitespaces)
            configInput = trimmed.hasPrefix("{") ? .inline(config) : .file(config)
        } else {
            configInput = .empty
        }
        let executor: (any ConnectorExecutor)? = if let executable {
            LocalExecutable(executable)
        } else if let pipURL {
            PythonConnector(source, pipURL: pipURL)
        } else {
            nil
        }
        let selection = streams?.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let (sourceName, cachePath, schema, fullRefresh) = (source, cache, self.schema, self.fullRefresh)
        do {
            let result = try await withInterruptCancellation {
                let opened = try Cache(path: cachePath, schema: schema)
                let source = try await Source.resolve(sourceName, config: configInput, executor: executor)
                if let selection { try await source.select(selection) }
                return try await source.read(into: opened, fullRefresh: fullRefresh)
            }
            print(Self.summary(result, cache: cachePath))
        } catch is CancellationError {
            FileHandle.standardError.write(Data("swiftbyte: read interrupted; the states saved so far let the next read resume.\n".utf8))
            throw ExitCode(130)
        } catch {
            FileHandle.standardError.write(Data("swiftbyte: read \(sourceName) failed: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    /// One line per stream: name, records, seconds, records/s, table.
    static func summary(_ result: ReadResult, cache: String) -> String {
        let header = ["stream", "records", "seconds", "records/s", "table"]
        let rows = result.streams.map { stream in
            [stream.name, "\(stream.recordCount)", format(seconds(stream.duration)), format(stream.recordsPerSecond, digits: 0), stream.tableName]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: widths[column] - cell.count)
                return (column == 0 || column == cells.count - 1) ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(header)] + rows.map(line)
        lines.append("Read \(result.recordCount) record(s) into \(cache) in \(format(seconds(result.duration))) s; saved \(result.savedStates) state(s).")
        return lines.joined(separator: "\n")
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    private static func format(_ value: Double, digits: Int = 2) -> String {
        String(format: "%.\(digits)f", value)
    }
}
