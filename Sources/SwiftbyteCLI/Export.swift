public import ArgumentParser
import Swiftbyte

/// `swiftbyte export STREAM --output PATH`: writes a stream's table to a file.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a stream's table to a Parquet, CSV or JSON file (with DuckDB's COPY).",
        discussion: "The file appears only once complete; a failed export leaves an earlier file at PATH untouched.")

    @Argument(help: "The stream, as `swiftbyte streams` lists it (`name`, or `namespace.name`).")
    var stream: String

    @Option(name: .long, help: ArgumentHelp("The file to write.", valueName: "path"))
    var output: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "parquet, csv, jsonl (one JSON object per line) or json (one array); default: from the output's extension.",
            valueName: "format"))
    var format: ExportFormat?

    @Option(name: .long, help: ArgumentHelp("The source the stream came from, when several sources have it.", valueName: "name"))
    var source: String?

    @OptionGroup var cacheOptions: CacheOptions

    func validate() throws {
        if format == nil, ExportFormat(path: output) == nil {
            throw ValidationError("cannot tell the format from \(output); name it .parquet, .csv, .jsonl or .json, or give --format")
        }
    }

    func run() throws {
        try CommandFailure.reporting {
            let cache = try cacheOptions.openExisting()
            let format = format ?? ExportFormat(path: output) ?? .parquet
            let rows = try cache.export(stream: stream, source: source, to: output, format: format)
            print("Exported \(rows) row(s) of \(stream) to \(output) (\(format)).")
        }
    }
}

extension ExportFormat: ExpressibleByArgument {}
