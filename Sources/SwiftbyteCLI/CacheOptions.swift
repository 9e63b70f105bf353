import ArgumentParser
import Foundation
import Swiftbyte

/// `--cache` and `--schema`, shared by the commands that look into an existing cache.
struct CacheOptions: ParsableArguments {
    @Option(name: .long, help: "The cache's DuckDB file.")
    var cache: String = Cache.defaultPath

    @Option(name: .long, help: "The schema holding stream tables.")
    var schema: String = "main"

    /// Opens the cache, which must exist: looking into a cache never creates an empty one.
    /// - Throws: ``CommandFailure`` naming the path (and, when it is missing, how to fill it).
    func openExisting() throws(CommandFailure) -> Cache {
        guard FileManager.default.fileExists(atPath: cache) else {
            throw CommandFailure("there is no cache at \(cache); run `swiftbyte read SOURCE --cache \(cache)` first")
        }
        do {
            return try Cache(existingAt: cache, schema: schema)
        } catch {
            throw CommandFailure(error.description)
        }
    }
}
