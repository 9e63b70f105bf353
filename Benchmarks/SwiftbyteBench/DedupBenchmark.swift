import AirbyteProtocol
import ArgumentParser
import DestinationKit
import DuckDB
import DuckDBDestination
import Foundation

/// `dedup`: how the append_dedup merge scales with the table it merges into.
struct DedupBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Time the destination's append_dedup commit of a batch of changed rows into tables of growing size.",
        discussion: """
            For each table size, the destination creates the deduplicated table, the table is filled with rows
            of the destination's layout by SQL, and then the real writer spools and commits `--batch` records
            (half updates of existing keys spread over the table, half new keys). Only the commit (the MERGE)
            is timed; the median of `--runs` fresh tables is reported.
            """
    )

    @Option(help: "Records in the merged batch.")
    var batch = 100_000

    @Option(parsing: .upToNextOption, help: "Rows already in the table.")
    var tableSizes: [Int] = [1_000_000, 10_000_000]

    @Option(help: "Runs per table size; the median is reported.")
    var runs = 3

    @Option(help: "Folder for the DuckDB files (deleted afterwards).")
    var folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-dedup-bench").path

    @Option(help: "DuckDB memory_limit for the destination.")
    var memoryLimit = "128MB"

    func run() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        print("dedup merge of \(batch) records (DuckDB \(Database.libraryVersion), memory_limit \(memoryLimit)), median of \(runs) runs")
        var medians: [Double] = []
        for size in tableSizes {
            let seconds = try (0..<max(runs, 1)).map { _ in try measure(tableSize: size) }.sorted()
            let median = seconds[seconds.count / 2]
            medians.append(median)
            print(
                "  into \(size.formatted()) rows: \(String(format: "%.3f", median)) s  (\(Int(Double(batch) / median).formatted()) records/s)"
            )
        }
        if medians.count > 1 {
            print(
                "  ratio largest/smallest table: \(String(format: "%.2f", medians.last! / medians.first!))x for \(tableSizes.last! / tableSizes.first!)x the rows"
            )
        }
    }

    private func measure(tableSize: Int) throws -> Double {
        let path = URL(fileURLWithPath: folder).appendingPathComponent("dedup-\(tableSize).duckdb").path
        for suffix in ["", ".wal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        let destination = try DuckDBDestination(
            config: ["destination_path": .string(path), "memory_limit": .string(memoryLimit)], log: .discarding)
        let stream = AirbyteStream(
            name: "items",
            jsonSchema: [
                "type": "object",
                "properties": ["id": ["type": "integer"], "name": ["type": "string"], "updated_at": ["type": "integer"]],
            ], supportedSyncModes: [.incremental])
        let catalog = ConfiguredAirbyteCatalog(streams: [
            ConfiguredAirbyteStream(
                stream: stream, syncMode: .incremental, cursorField: ["updated_at"], destinationSyncMode: .appendDedup, primaryKey: [["id"]]
            )
        ])

        // Create the table through the destination, then fill it in bulk by SQL.
        let creator = try destination.makeWriter(catalog: catalog)
        try creator.close()
        do {
            let connection = try Database(path: path).connect()
            try connection.execute(
                """
                INSERT INTO main.items SELECT uuidv7(), now(), '{"sync_id":0,"changes":[]}', 0, i, 'name-' || i, 1
                FROM range(\(tableSize)) t(i)
                """)
            try connection.execute("CHECKPOINT")
        }

        // The batch: half updates of keys spread over the table, half new keys.
        let stride = max(tableSize / (batch / 2), 1)
        var lines = ""
        lines.reserveCapacity(batch * 110)
        for index in 0..<batch {
            let id = index % 2 == 0 ? (index / 2) * stride % tableSize : tableSize + index
            lines +=
                #"{"type":"RECORD","record":{"stream":"items","emitted_at":1800000000000,"data":{"id":\#(id),"name":"changed-\#(index)","updated_at":2}}}"#
            lines += "\n"
        }
        let writer = try destination.makeWriter(catalog: catalog)
        let reader = MessageReader(bytes: Array(lines.utf8))
        while let message = try reader.next() {
            if case .record(let record) = message.content { try writer.write(record, stream: 0) }
        }
        let clock = ContinuousClock()
        let start = clock.now
        try writer.commit()
        let elapsed = start.duration(to: clock.now)
        try writer.close()

        let connection = try Database(path: path, options: .init(readOnly: true)).connect()
        let rows = try connection.scalar("SELECT count(*) FROM main.items")?.int64 ?? 0
        guard rows == Int64(tableSize + batch / 2) else {
            throw ValidationError("expected \(tableSize + batch / 2) rows after the merge, found \(rows)")
        }
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}
