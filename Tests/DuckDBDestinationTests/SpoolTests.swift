import DestinationKit
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import AirbyteProtocol
@testable import DuckDBDestination

@Suite struct SpoolTests {
    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swiftbyte-spool-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    func spool(_ records: [(data: String, emittedAt: Int64, meta: String?)]) throws -> SpoolFile {
        let spool = try SpoolFile(path: folder + "/s.jsonl")
        for record in records {
            try spool.append(
                ScannedRecord(
                    stream: "s", namespace: nil, emittedAt: record.emittedAt,
                    data: ScannedBytes(record.data.utf8), meta: record.meta.map { ScannedBytes($0.utf8) }))
        }
        try spool.flush()
        return spool
    }

    @Test func linesCarryDataEmittedAtAndMetaAsWritten() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try spool([
            (#"{"a": 1.50, "b":"x\ny"}"#, 1_700_000_000_123, nil),
            (#"{}"#, -5, #"{"changes":[{"field":"a","change":"NULLED","reason":"SOURCE_FIELD_SIZE_LIMITATION"}]}"#),
        ])
        let text = try String(contentsOfFile: spool.path, encoding: .utf8)
        #expect(
            text == """
                {"d":{"a": 1.50, "b":"x\\ny"},"e":1700000000123,"m":null}
                {"d":{},"e":-5,"m":{"changes":[{"field":"a","change":"NULLED","reason":"SOURCE_FIELD_SIZE_LIMITATION"}]}}

                """)
        #expect(spool.records == 2)
        #expect(spool.longestLine == text.split(separator: "\n")[1].utf8.count + 1)
        #expect(try spool.firstInvalidLine() == nil)
        // DuckDB reads it back as written, through either way of reading the properties.
        let connection = try Database().connect()
        for keys in [["a", "b"], ["a", "b", "B"]] {
            let table = StreamTable(
                schema: "main", table: "t", columns: keys.map { .init(key: $0, name: $0, kind: .json) },
                mode: .append, generationId: 0, minimumGenerationId: 0, syncId: 0)
            let select = TypedSelect(table: table, spoolPath: spool.path, maximumObjectSize: spool.longestLine + 1)
            #expect(select.readsDataAsStruct == (keys.count == 2))
            let rows = try connection.query("SELECT emitted_at, r0, r1 ->> '$', source_changes IS NULL FROM (\(select.rows))").rows()
            #expect(
                rows == [
                    [.integer(1_700_000_000_123), .varchar("1.5"), .varchar("x\ny"), .boolean(true)],
                    [.integer(-5), .null, .null, .boolean(false)],
                ])
        }
        spool.remove()
        #expect(!FileManager.default.fileExists(atPath: spool.path))
    }

    @Test func aRecordWithLongNumbersIsSpooledMarkedAndFlagged() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try SpoolFile(path: folder + "/s.jsonl")
        for (data, long) in [(#"{"a":1.2345678901234567,"b":1.5}"#, true), (#"{"a":1.5}"#, false)] {
            try spool.append(
                ScannedRecord(stream: "s", namespace: nil, emittedAt: 7, data: ScannedBytes(data.utf8), meta: nil, hasLongNumbers: long))
        }
        try spool.flush()
        #expect(
            try String(contentsOfFile: spool.path, encoding: .utf8) == """
                {"d":{"a":"\\u0001N1.2345678901234567","b":1.5},"e":7,"m":null,"x":true}
                {"d":{"a":1.5},"e":7,"m":null}

                """)
        let table = StreamTable(
            schema: "main", table: "t", columns: [.init(key: "a", name: "a", kind: .number)],
            mode: .append, generationId: 0, minimumGenerationId: 0, syncId: 0)
        let connection = try Database().connect()
        try LoadFunctions.register(on: connection)
        let select = TypedSelect(table: table, spoolPath: spool.path, maximumObjectSize: spool.longestLine + 1)
        #expect(
            try connection.query("SELECT a::VARCHAR, _airbyte_meta::VARCHAR FROM (\(select.sql))").rows() == [
                [
                    .varchar("1.234567890"),
                    .varchar(#"{"sync_id":0,"changes":[{"field":"a","change":"TRUNCATED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"}]}"#),
                ],
                [.varchar("1.500000000"), .varchar(#"{"sync_id":0,"changes":[]}"#)],
            ])
    }

    /// A normalized stream's spool is read once for its table and once per child table: each line carries its
    /// raw id, so the reads agree. The ids are UUIDv7 (the time of spooling, version 7, RFC variant) and distinct.
    @Test func aSpoolWithRawIdsGivesEachLineItsOwnUUIDv7() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try SpoolFile(path: folder + "/s.jsonl", writesRawIds: true)
        let before = Int64(Date().timeIntervalSince1970 * 1000)
        let count = 20_000
        for index in 0..<count {
            try spool.append(
                ScannedRecord(
                    stream: "s", namespace: nil, emittedAt: Int64(index), data: ScannedBytes(#"{"a":1.2345678901234567}"#.utf8),
                    meta: nil, hasLongNumbers: index == 0))
        }
        try spool.flush()
        let after = Int64(Date().timeIntervalSince1970 * 1000)
        let lines = try String(contentsOfFile: spool.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == count)
        #expect(lines[0].hasPrefix(#"{"d":{"a":"\u0001N1.2345678901234567"},"e":0,"m":null,"x":true,"r":""#))
        #expect(lines[1].hasPrefix(#"{"d":{"a":1.2345678901234567},"e":1,"m":null,"r":""#))
        #expect(try spool.firstInvalidLine() == nil)
        let connection = try Database().connect()
        let rows = try connection.query(
            """
            SELECT count(*), count(DISTINCT r), min(uuid_extract_version(r)), max(uuid_extract_version(r)),
                epoch_ms(min(uuid_extract_timestamp(r))), epoch_ms(max(uuid_extract_timestamp(r))),
                bool_and(substr(r::VARCHAR, 20, 1) IN ('8', '9', 'a', 'b')), bool_and(r::VARCHAR = lower(r::VARCHAR))
            FROM read_json('\(spool.path)', format = 'newline_delimited', columns = {r: 'UUID'})
            """
        ).rows()
        #expect(
            rows == [
                [
                    .integer(Int64(count)), .integer(Int64(count)), .integer(7), .integer(7), rows[0][4], rows[0][5],
                    .boolean(true), .boolean(true),
                ]
            ])
        let (earliest, latest) = (try #require(rows[0][4].int64), try #require(rows[0][5].int64))
        #expect(earliest >= before && latest <= after)
        // A line without long numbers is as long as before plus the id.
        #expect(lines[1].utf8.count == #"{"d":{"a":1.2345678901234567},"e":1,"m":null}"#.utf8.count + #","r":"""#.utf8.count + 36)
    }

    @Test func splitMix64IsTheReferenceOutput() {
        // SplitMix64's first outputs from seed 0 (Vigna's reference: each call adds the golden gamma first).
        #expect(RawIdGenerator.splitMix64(0) == 0xE220_A839_7B1D_CDAF)
        #expect(RawIdGenerator.splitMix64(0x9E37_79B9_7F4A_7C15) == 0x6E78_9E6A_A1B9_65F4)
    }

    @Test func theFirstInvalidLineIsFound() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try spool([(#"{"n": 1}"#, 1, nil), (#"{"n": 2}"#, 2, #"{"changes": [}"#), (#"{"n": tru}"#, 3, nil)])
        let bad = try #require(try spool.firstInvalidLine())
        #expect(bad.number == 2)
        #expect(String(decoding: bad.line.dropFirst(SpoolFile.dataOffset), as: UTF8.self).hasPrefix(#"{"n": 2}"#))
    }

    @Test func foldersOfDeadRunsAreRemovedAndLiveOnesKept() throws {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let finished = Process()
        finished.executableURL = URL(fileURLWithPath: "/bin/true")
        try finished.run()
        finished.waitUntilExit()
        let running = Process()
        running.executableURL = URL(fileURLWithPath: "/bin/sleep")
        running.arguments = ["60"]
        try running.run()
        defer {
            kill(running.processIdentifier, SIGKILL)
            running.waitUntilExit()
        }
        let dead = folder + "/run-\(finished.processIdentifier)-0badf00d"
        let live = folder + "/run-\(running.processIdentifier)-00c0ffee"
        let unrelated = folder + "/notes"
        for path in [dead, live, unrelated] {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: path + "/stream-0-1.jsonl", contents: Data(#"{"d":{},"e":1,"m":null}"#.utf8))
        }
        let recorder = LogRecorder()
        let run = try SpoolFolder(parent: folder, log: recorder.logger)
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: live))
        #expect(FileManager.default.fileExists(atPath: unrelated))
        #expect(run.path.hasPrefix(folder + "/run-\(getpid())-"))
        #expect(recorder.messages.contains { $0.contains("removed \(dead)") })

        run.remove()
        #expect(!FileManager.default.fileExists(atPath: run.path))
        // The parent stays while other things are in it.
        #expect(FileManager.default.fileExists(atPath: folder))
    }

    @Test func spoolsGoBesideLocalFilesOnly() {
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let temporary = FileManager.default.temporaryDirectory.path + "/swiftbyte-spool"
        #expect(SpoolFolder.parent(forDatabaseAt: "/data/a.duckdb", isMotherDuck: false) == "/data/a.duckdb.spool")
        #expect(SpoolFolder.parent(forDatabaseAt: "md:analytics", isMotherDuck: true) == temporary)
        #expect(SpoolFolder.parent(forDatabaseAt: ":memory:", isMotherDuck: false) == temporary)
        // DuckDB would read `[` or `*` in a file name as a pattern.
        #expect(SpoolFolder.parent(forDatabaseAt: "/data/[x].duckdb", isMotherDuck: false) == temporary)
    }
}
