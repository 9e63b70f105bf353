import ArgumentParser
import Swiftbyte

/// `swiftbyte`: run Airbyte sources into a local DuckDB cache.
@main
struct SwiftbyteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "swiftbyte",
        abstract: "Run Airbyte source connectors into a local DuckDB cache.",
        subcommands: [Info.self, Discover.self, Read.self, Sync.self, Query.self, ListStreams.self, Export.self, State.self],
        defaultSubcommand: Info.self
    )
}

/// Opens the cache and says what is in it.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Open the cache and show the DuckDB version and its tables.")

    @Option(name: .long, help: "The cache's DuckDB file.")
    var cache: String = Cache.defaultPath

    @Option(name: .long, help: "The schema holding stream tables.")
    var schema: String = "main"

    func run() throws {
        let opened: Cache
        do {
            opened = try Cache(path: cache, schema: schema)
        } catch {
            throw ValidationError(error.description)
        }
        let tables = try opened.tableNames()
        print("swiftbyte: cache \(opened.path) (DuckDB \(opened.duckDBVersion)), schema \(opened.schema): \(tables.count) table(s)")
        for table in tables { print("  \(table)") }
    }
}
