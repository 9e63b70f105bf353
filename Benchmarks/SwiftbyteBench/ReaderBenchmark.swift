import AirbyteProtocol
import ArgumentParser
import Foundation

/// `reader FILE`: how fast messages are read, by our reader and by Foundation.
struct ReaderBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reader",
        abstract: "Read a messages file with MessageReader, the strict JSONValue parser, JSONDecoder and JSONSerialization.",
        discussion: """
            MessageReader reads the file through its file descriptor (from the page cache: the file was just read);
            the others get the file's lines already in memory. MB is 10^6 bytes of the whole file.

            A real messages file (about 91 MB, 200,100 records):
              python3 -m venv /tmp/faker-venv && /tmp/faker-venv/bin/pip install airbyte-source-faker
              echo '{"count": 100000, "seed": 42, "parallelism": 1}' > cfg.json
              /tmp/faker-venv/bin/source-faker discover --config cfg.json   # then configure users, products,
              # purchases as full_refresh/append in cat.json: {"streams": [{"stream": {…}, "sync_mode": "full_refresh",
              # "destination_sync_mode": "append"}, …]}
              /tmp/faker-venv/bin/source-faker read --config cfg.json --catalog cat.json > messages.jsonl
              swift build -c release --product SwiftbyteBench && .build/release/SwiftbyteBench reader messages.jsonl
            """
    )

    @Argument(help: "A file of Airbyte messages, one per line (for example `source-faker read` output).")
    var file: String

    @Option(help: "Runs per reader; the median is reported.")
    var runs = 3

    @Option(help: "Skip the readers slower than this many MB/s after their first run (0: never skip).")
    var skipBelow = 0.0

    func run() throws {
        let contents = try Data(contentsOf: URL(fileURLWithPath: file))
        let lines = contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true).map { Data($0) }
        let megabytes = Double(contents.count) / 1_000_000
        print("file: \(file): \(format(megabytes)) MB, \(lines.count) lines, median of \(runs) runs")
        print("reader".padding(toLength: 38, withPad: " ", startingAt: 0) + "      MB/s     records/s   records")

        try measure("MessageReader (fd, scan)", megabytes: megabytes) { try readWithMessageReader() }
        try measure("MessageReader (fd, scan+data parse)", megabytes: megabytes) { try readWithMessageReader(parseData: true) }
        try measure("JSONValue strict parse (per line)", megabytes: megabytes) { try parseWithJSONValue(lines) }
        try measure("Foundation JSONDecoder (envelope)", megabytes: megabytes) { try decodeWithJSONDecoder(lines) }
        try measure("Foundation JSONSerialization", megabytes: megabytes) { try parseWithJSONSerialization(lines) }
    }

    private func measure(_ name: String, megabytes: Double, _ body: () throws -> Int) rethrows {
        var seconds: [Double] = []
        var records = 0
        for run in 0..<max(runs, 1) {
            let clock = ContinuousClock()
            let start = clock.now
            records = try body()
            let elapsed = start.duration(to: clock.now)
            seconds.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            if run == 0, skipBelow > 0, megabytes / seconds[0] < skipBelow { break }
        }
        let median = seconds.sorted()[seconds.count / 2]
        let line =
            name.padding(toLength: 38, withPad: " ", startingAt: 0)
            + format(megabytes / median).leftPadded(10) + format(Double(records) / median, decimals: 0).leftPadded(14)
            + String(records).leftPadded(10)
        print(line)
    }

    private func readWithMessageReader(parseData: Bool = false) throws -> Int {
        let descriptor = open(file, O_RDONLY)
        guard descriptor >= 0 else { throw ValidationError("cannot open \(file): errno \(errno)") }
        defer { close(descriptor) }
        let reader = MessageReader(fileDescriptor: descriptor)
        var records = 0
        var checksum = 0
        while let message = try reader.next() {
            if case .record(let record) = message.content {
                records += 1
                checksum &+= record.data.count &+ record.stream.utf8.count &+ Int(truncatingIfNeeded: record.emittedAt)
                if parseData { checksum &+= try record.decodeData().count }
            }
        }
        if checksum == 42 { print("") }  // keep the work observable
        return records
    }

    private func parseWithJSONValue(_ lines: [Data]) throws -> Int {
        var records = 0
        for line in lines {
            let value = try JSONValue(parsing: line)
            if value["type"] == "RECORD" { records += 1 }
        }
        return records
    }

    private struct Envelope: Decodable {
        struct Record: Decodable {
            var stream: String
            var namespace: String?
            var emittedAt: Int64

            enum CodingKeys: String, CodingKey {
                case stream, namespace
                case emittedAt = "emitted_at"
            }
        }
        var type: String
        var record: Record?
    }

    private func decodeWithJSONDecoder(_ lines: [Data]) throws -> Int {
        let decoder = JSONDecoder()
        var records = 0
        for line in lines where try decoder.decode(Envelope.self, from: line).record != nil { records += 1 }
        return records
    }

    private func parseWithJSONSerialization(_ lines: [Data]) throws -> Int {
        var records = 0
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: line) as? [String: Any]
            if object?["type"] as? String == "RECORD" { records += 1 }
        }
        return records
    }

    private func format(_ value: Double, decimals: Int = 1) -> String {
        String(format: "%.\(decimals)f", value)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
