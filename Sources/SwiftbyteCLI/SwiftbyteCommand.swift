import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte`: run Airbyte sources into a local DuckDB cache.
@main
struct SwiftbyteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftbyte",
        abstract: "Run Airbyte source connectors into a local DuckDB cache.",
        subcommands: [
            Info.self, Discover.self, Read.self, Sync.self, Query.self, ListStreams.self, Export.self, State.self,
            Server.self,
        ],
        defaultSubcommand: Info.self
    )
}

/// Says what is in the cache, without creating one.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Show the cache's DuckDB version and its tables.")

    @OptionGroup var options: CacheOptions

    func run() throws {
        try CommandFailure.reporting {
            guard FileManager.default.fileExists(atPath: options.cache) else {
                print("swiftbyte: no cache at \(options.cache) yet; `swiftbyte read SOURCE` creates it (try `swiftbyte read source-faker`)")
                return
            }
            let opened = try options.openExisting()
            let tables = try opened.tableNames()
            print("swiftbyte: cache \(opened.path) (DuckDB \(opened.duckDBVersion)), schema \(opened.schema): \(tables.count) table(s)")
            for table in tables { print("  \(table)") }
        }
    }
}
