import AirbyteProtocol
import ArgumentParser
import Foundation
import Swiftbyte

/// `swiftbyte streams`: what the cache holds, one line per stream.
struct ListStreams: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "streams",
        abstract: "List the streams in the cache: table, rows, how they were read, when their state was saved.")

    @OptionGroup var cacheOptions: CacheOptions

    func run() throws {
        try CommandFailure.reporting {
            let cache = try cacheOptions.openExisting()
            let streams = try cache.streams()
            guard !streams.isEmpty else {
                print("The cache \(cache.path) holds no streams yet; run `swiftbyte read SOURCE --cache \(cache.path)`.")
                return
            }
            var table = TextTable(
                header: ["source", "stream", "table", "rows", "mode", "generation", "state saved"],
                alignments: [.left, .left, .left, .right, .left, .right, .left])
            table.rows = streams.map { stream in
                let mode = [stream.syncMode?.rawValue, stream.destinationSyncMode?.rawValue].compactMap { $0 }.joined(separator: " ")
                return [
                    stream.source, stream.descriptor.description, stream.tableName, stream.rowCount.map(String.init) ?? "no table",
                    mode.isEmpty ? "-" : mode, stream.generation.map(String.init) ?? "-",
                    stream.stateUpdated.map(Self.timestamp) ?? "none",
                ]
            }
            print(table.text)
        }
    }

    /// `2025-01-31 12:00:05 UTC`.
    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(dateTimeSeparator: .space).year().month().day().time(includingFractionalSeconds: false))
            + " UTC"
    }
}
