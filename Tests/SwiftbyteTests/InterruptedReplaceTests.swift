import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// A source that dies never replaces a table with what little it sent, never
/// moves a cursor past rows the stream's table lacks, and a retried replace
/// starts afresh rather than adding to the dead attempt's rows.
struct InterruptedReplaceTests {
    /// Streams `snapshot` (full refresh only: replaced each read) and `items`
    /// (incremental, key and cursor `id`), sending no stream statuses, as older
    /// sources do. Each `snapshot` row carries the config's `run`. `items`
    /// continues after the `at` of its given state with three records and a
    /// STATE. With `mode` "die", it sends one snapshot row, then the items and
    /// their STATE, then kills itself (SIGKILL).
    static let script = #"""
        #!/usr/bin/env python3
        import json, os, signal, sys
        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        STREAMS = [
            {"name": "snapshot", "json_schema": {"type": "object", "properties": {"n": {"type": "integer"}, "run": {"type": "integer"}}},
             "supported_sync_modes": ["full_refresh"]},
            {"name": "items", "json_schema": {"type": "object", "properties": {"id": {"type": "integer"}}},
             "supported_sync_modes": ["full_refresh", "incremental"], "source_defined_cursor": True,
             "default_cursor_field": ["id"], "source_defined_primary_key": [["id"]]}]
        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object", "properties": {
                "mode": {"type": "string"}, "run": {"type": "integer"}}}}})
            sys.exit(0)
        if command == "discover":
            emit({"type": "CATALOG", "catalog": {"streams": STREAMS}})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        config = json.load(open(arguments["--config"]))
        at = 0
        for state in json.load(open(arguments["--state"])) if "--state" in arguments else []:
            if state["stream"]["stream_descriptor"]["name"] == "items":
                at = state["stream"]["stream_state"]["at"]
        dying = config.get("mode") == "die"
        for n in range(1, 2 if dying else 4):
            emit({"type": "RECORD", "record": {"stream": "snapshot", "data": {"n": n, "run": config["run"]}, "emitted_at": 1700000000000}})
        for id in range(at + 1, at + 4):
            emit({"type": "RECORD", "record": {"stream": "items", "data": {"id": id}, "emitted_at": 1700000000000}})
        emit({"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "items"}, "stream_state": {"at": at + 3}}}})
        if dying:
            os.kill(os.getpid(), signal.SIGKILL)
        """#

    @Test func aDeadSourceReplacesNothingAndARetriedReplaceStartsAfresh() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let executor = RecordingExecutor(LocalExecutable(try folder.write("source-two", Self.script, executable: true)))
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        let connection = try cache.database.connect()
        func read(_ mode: String, run: Int, fullRefresh: Bool = false) async throws -> ReadResult {
            let source = try await Source.resolve(
                "source-two", config: ["mode": .string(mode), "run": .number(String(run))],
                executor: executor, secrets: SecretResolver())
            return try await source.read(into: cache, fullRefresh: fullRefresh)
        }
        func rows(_ sql: String) throws -> [String] {
            try connection.query(sql).rows().map { $0.map { $0.text }.joined(separator: ",") }
        }
        func savedCursor() throws -> String? {
            try connection.scalar("SELECT state_json FROM _airbyte_state WHERE stream_name = 'items'")?.string
        }

        _ = try await read("ok", run: 1)
        #expect(try rows("SELECT n, run FROM main.snapshot ORDER BY n") == ["1,1", "2,1", "3,1"])
        #expect(try rows("SELECT id FROM main.items ORDER BY id") == ["1", "2", "3"])

        // Killed after one snapshot row: the snapshot keeps its complete earlier rows.
        let killed = await #expect(throws: SourceError.self) { _ = try await read("die", run: 2) }
        #expect(killed?.code == .exitedWithFailure)
        #expect(try rows("SELECT n, run FROM main.snapshot ORDER BY n") == ["1,1", "2,1", "3,1"], "not replaced by one row")
        #expect(try rows("SELECT id FROM main.items ORDER BY id") == ["1", "2", "3", "4", "5", "6"], "its acknowledged rows stay")
        #expect(try savedCursor()?.contains(#""at":6"#) == true)

        // A full refresh killed after a STATE: items goes to a table aside, so the STATE is not saved.
        _ = await #expect(throws: SourceError.self) { _ = try await read("die", run: 3, fullRefresh: true) }
        #expect(try rows("SELECT id FROM main.items ORDER BY id") == ["1", "2", "3", "4", "5", "6"])
        #expect(try savedCursor()?.contains(#""at":6"#) == true, "the cursor stays with the table's rows")

        // The next incremental read resumes where the table's rows end.
        _ = try await read("ok", run: 4)
        #expect(try rows("SELECT count(*), max(id) FROM main.items") == ["9,9"])
        #expect(try rows("SELECT n, run FROM main.snapshot ORDER BY n") == ["1,4", "2,4", "3,4"])

        // A full refresh again: a fresh table aside, not the dead attempt's rows plus these.
        _ = try await read("ok", run: 5, fullRefresh: true)
        #expect(try rows("SELECT id FROM main.items ORDER BY id") == ["1", "2", "3"])
        #expect(try savedCursor()?.contains(#""at":3"#) == true, "saved once the table is replaced")
        #expect(try rows("SELECT n, run FROM main.snapshot ORDER BY n") == ["1,5", "2,5", "3,5"])
    }
}
