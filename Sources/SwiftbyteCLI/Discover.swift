import AirbyteProtocol
import ArgumentParser
import Foundation
import Logging
import Swiftbyte

/// `swiftbyte discover SOURCE`: the streams a source offers and how `read` would read each.
struct Discover: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List a source's streams: primary key, cursor, supported sync modes, and how `read` would read them.",
        discussion: """
            `read` reads a stream incrementally and deduplicates it by primary key when the source supports \
            incremental reads and names a primary key; incrementally and appends when there is only a cursor; \
            otherwise it reads it in full and replaces the table.
            """)

    @OptionGroup var sourceOptions: SourceOptions

    @Flag(name: .long, help: "Run the source's check first.")
    var check = false

    @Flag(name: .long, help: "Print the discovered catalog as JSON instead of a table.")
    var json = false

    func run() async throws {
        let (sourceOptions, check, json) = (self.sourceOptions, self.check, self.json)
        do {
            let lines = try await withInterruptCancellation {
                let source = try await sourceOptions.resolve(
                    logger: LineLogHandler.logger(level: .info) { line in
                        FileHandle.standardError.write(Data((line + "\n").utf8))
                    })
                if check { try await source.check() }
                let streams = try await source.streams
                if json {
                    var bytes: [UInt8] = []
                    JSONValue.array(streams.map(\.stream.json)).serialize(into: &bytes)
                    return String(decoding: bytes, as: UTF8.self)
                }
                return Self.table(streams).text
            }
            print(lines)
        } catch is CancellationError {
            throw ExitCode(130)
        } catch {
            throw CommandFailure.exit("discover \(sourceOptions.source) failed: \(error)")
        }
    }

    static func table(_ streams: [SourceStream]) -> TextTable {
        let builder = CatalogBuilder()
        var table = TextTable(header: ["stream", "primary key", "cursor", "supported modes", "read as"])
        table.maximumCellWidth = 60
        table.rows = streams.map { stream in
            let configured = builder.configure(stream)
            return [
                stream.namespace.map { "\($0).\(stream.name)" } ?? stream.name,
                stream.primaryKey.isEmpty ? "-" : stream.primaryKey.map { $0.joined(separator: ".") }.joined(separator: ", "),
                stream.cursorField.map { $0.joined(separator: ".") } ?? (stream.hasSourceDefinedCursor ? "(source-defined)" : "-"),
                stream.supportedSyncModes.map(\.rawValue).joined(separator: ", "),
                "\(configured.syncMode.rawValue) \(configured.destinationSyncMode.rawValue)",
            ]
        }
        return table
    }
}
