import AirbyteProtocol
import ArgumentParser
import Foundation

/// `swiftbyte-bench record-scan PAGE...`: times `JSONRecordScan` (the declarative engine's
/// page scan: records found and written compact without parsing them into values) over saved
/// API pages, and prints the input bytes scanned per second.
struct RecordScanBenchmark: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record-scan",
        abstract: "Time the declarative engine's page scan on saved API pages (JSON objects)."
    )

    @Argument(help: "Pages: JSON objects holding the records' array.")
    var pages: [String]

    @Option(help: "The records' path in each page, keys separated by dots.")
    var path = "data"

    @Option(help: "Top-level record fields whose values the scan notes (a cursor field), comma-separated.")
    var fields = "updated_at"

    @Option(help: "A compact member appended to every record (an AddFields), such as \"source\":\"bench\".")
    var member = ""

    @Option(help: "Scans of every page per run.")
    var iterations = 2_000

    @Option(help: "Timed runs.")
    var runs = 7

    func run() throws {
        let documents = try pages.map { Array(try Data(contentsOf: URL(fileURLWithPath: $0))) }
        let keys = path.split(separator: ".").map(String.init)
        let fieldNames = fields.split(separator: ",").map(String.init)
        let appended = Array(member.utf8)
        var records = 0
        for document in documents {
            guard let scan = JSONRecordScan(document: document, recordsAt: keys, fields: fieldNames, appendingMember: appended)
            else { throw ValidationError("The scan gives up on one of the pages: it takes the parser's path") }
            records += scan.count
        }
        let bytes = documents.reduce(0) { $0 + $1.count } * iterations
        var rates: [Double] = []
        for _ in 0..<runs {
            let start = ContinuousClock.now
            for _ in 0..<iterations {
                for document in documents {
                    _ = JSONRecordScan(document: document, recordsAt: keys, fields: fieldNames, appendingMember: appended)
                }
            }
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            rates.append(Double(bytes) / seconds / 1e6)
        }
        rates.sort()
        let median = rates[rates.count / 2]
        let perRecord = 1e9 / (median * 1e6 / Double(bytes) * Double(records * iterations))
        let runsText = rates.map { String(format: "%.0f", $0) }.joined(separator: ", ")
        print(
            "record-scan: \(documents.count) pages, \(records) records; median \(String(format: "%.0f", median)) MB/s of input, "
                + "\(String(format: "%.0f", perRecord)) ns a record (runs: \(runsText))")
    }
}
