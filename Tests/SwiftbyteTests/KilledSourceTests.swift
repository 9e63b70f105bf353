import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Swiftbyte

/// A source killed mid-read (SIGKILL, no chance to clean up) leaves the cache
/// consistent — every saved state is backed by committed rows — and the next
/// read resumes from the last saved state.
struct KilledSourceTests {
    /// An incremental source of `items` (primary key and cursor `id`): starts
    /// after the `at` of the state it is given, sends batches of three records
    /// each followed by a STATE, and records in each row the state it resumed
    /// from. With `mode` "die", it kills itself (SIGKILL) after two batches and
    /// two more records.
    static let script = #"""
        #!/usr/bin/env python3
        import json, os, signal, sys
        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        STREAM = {"name": "items", "json_schema": {"type": "object", "properties": {
            "id": {"type": "integer"}, "resumed_from": {"type": "integer"}}},
            "supported_sync_modes": ["full_refresh", "incremental"], "source_defined_cursor": True,
            "default_cursor_field": ["id"], "source_defined_primary_key": [["id"]]}
        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object", "properties": {"mode": {"type": "string"}}}}})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        mode = json.load(open(arguments["--config"])).get("mode", "ok")
        if command == "discover":
            emit({"type": "CATALOG", "catalog": {"streams": [STREAM]}})
            sys.exit(0)
        at = 0
        for state in json.load(open(arguments["--state"])):
            at = state["stream"]["stream_state"]["at"]
        def record(index):
            emit({"type": "RECORD", "record": {"stream": "items", "data": {"id": index, "resumed_from": at}, "emitted_at": 1700000000000}})
        index = at
        for batch in range(2):
            for _ in range(3):
                index += 1
                record(index)
            emit({"type": "STATE", "state": {"type": "STREAM", "stream": {"stream_descriptor": {"name": "items"}, "stream_state": {"at": index}}}})
        if mode == "die":
            record(index + 1)
            record(index + 2)
            os.kill(os.getpid(), signal.SIGKILL)
        """#

    @Test func aScriptSourceKilledMidReadResumesFromItsLastSavedState() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let executor = RecordingExecutor(LocalExecutable(try folder.write("source-items", Self.script, executable: true)))
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        func source(_ mode: String) async throws -> Source {
            try await Source.resolve(
                "source-items", config: ["mode": .string(mode)], executor: executor,
                secrets: SecretResolver())
        }

        let error = await #expect(throws: SourceError.self) { _ = try await source("die").read(into: cache) }
        #expect(error?.code == .exitedWithFailure)
        #expect(error?.exitStatus?.contains("SIGKILL") == true)
        let connection = try cache.database.connect()
        let saved = try #require(try connection.scalar("SELECT state_json FROM _airbyte_state WHERE source_name = 'source-items'")?.string)
        #expect(saved.contains(#""at":6"#))
        #expect(
            try connection.scalar("SELECT count(*) FROM main.items WHERE id <= 6")?.int64 == 6, "the saved state's records are committed")

        let events = Mutex<[String]>([])
        let progress = ReadProgress { event in
            let name =
                switch event {
                case .began: "began"
                case .streamStarted(let stream): "started \(stream)"
                case .streamCompleted(let stream): "completed \(stream.name) \(stream.recordCount)"
                case .stateSaved(let total): "state \(total)"
                case .finished(let snapshot): "finished \(snapshot.recordCount) \(snapshot.savedStates)"
                }
            events.withLock { $0.append(name) }
        }
        let resumed = try await source("ok").read(into: cache, progress: progress)
        #expect(resumed["items"]?.recordCount == 6)
        #expect(events.withLock { $0 } == ["began", "started items", "state 1", "state 2", "completed items 6", "finished 6 2"])
        #expect(progress.snapshot().streams.map(\.isComplete) == [true])
        #expect(executor.invocations.last { $0.verb == "read" }?.state?.contains(#""at":6"#) == true)
        #expect(try connection.scalar("SELECT min(id) FROM main.items WHERE resumed_from = 6")?.int64 == 7)
        #expect(try connection.scalar("SELECT count(*) FROM main.items")?.int64 == 12, "ids 1 to 12, once each")
        #expect(
            try connection.scalar("SELECT state_json FROM _airbyte_state WHERE source_name = 'source-items'")?.string?
                .contains(#""at":12"#) == true)
    }

    @Test(.enabled(Faker.skipComment, Faker.available))
    func fakerKilledAfterSomeStatesLeavesTheCacheConsistentAndResumable() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        let recording = RecordingExecutor(Faker.executor)
        let source = try await Faker.source(
            count: 100_000, extra: [("records_per_slice", 50), ("always_updated", false)],
            executor: recording)
        try await source.select(["users"])
        let killed = Mutex(false)
        let progress = ReadProgress { event in
            // From the third saved state on, until the kill is done: a /proc scan that misses the
            // process (the machine is busy) tries again at the next state.
            guard case .stateSaved(let total) = event, total >= 3, !killed.withLock({ $0 }) else { return }
            // The running read's process group, found by its private files folder in its arguments
            // (faker's pool workers carry the same arguments, so only the group's leader).
            guard let folder = recording.invocations.last(where: { $0.verb == "read" })?.filesFolder,
                let group = ProcessTable.groupLeaders(withArgumentContaining: folder).first,
                kill(-group, SIGKILL) == 0
            else { return }
            killed.withLock { $0 = true }
        }
        await #expect(throws: SourceError.self) { _ = try await source.read(into: cache, progress: progress) }
        #expect(killed.withLock { $0 })

        let connection = try cache.database.connect()
        let savedText = try #require(
            try connection.scalar(
                "SELECT state_json FROM _airbyte_state WHERE source_name = 'source-faker' AND stream_name = 'users'")?.string)
        let saved = try AirbyteStateMessage(json: JSONValue(parsing: savedText))
        let offset = try #require(saved.stream?.streamState?["loop_offset"]?.int64Value)
        #expect(offset >= 150)
        let rows = try #require(try connection.scalar("SELECT count(*) FROM main.users")?.int64)
        #expect(rows >= offset, "every record before the saved state is committed")
        let updatedAt = try #require(saved.stream?.streamState?["updated_at"]?.stringValue)
        #expect(
            try connection.scalar("SELECT count(*) FROM main.users WHERE updated_at = ?::TIMESTAMPTZ", .varchar(updatedAt))?.int64 ?? 0
                >= 1,
            "the state's last record is in the table")

        // The next read is given exactly the saved state, and faker (with its updated_at) sends nothing new.
        let resumed = try await source.read(into: cache)
        let given = try #require(recording.invocations.last { $0.verb == "read" }?.state)
        let givenStates = try #require(try JSONValue(parsing: given).arrayValue)
        #expect(try givenStates.map { try AirbyteStateMessage(json: $0) } == [saved])
        #expect(resumed["users"]?.recordCount == 0)
        #expect(try connection.scalar("SELECT count(*) FROM main.users")?.int64 == rows)
    }
}

/// `swiftbyte read` of a Python connector on a machine without Python says so
/// plainly, before anything else happens.
struct MissingPythonTests {
    @Test func theCommandLineSaysPythonIsMissingAndHowToGetIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let emptyBin = "\(folder.path)/bin"
        try FileManager.default.createDirectory(atPath: emptyBin, withIntermediateDirectories: true)
        // No python3 on PATH, and a fresh connector folder (so no installed virtualenv is reused).
        let environment = ["PATH": emptyBin, "HOME": folder.path, "XDG_CACHE_HOME": "\(folder.path)/cache"]
        let run = try await BuiltProduct.swiftbyte.run(
            ["read", "source-faker", "--cache", "\(folder.path)/cache.duckdb"],
            in: folder.path, environment: environment)
        #expect(run.status == .exited(1))
        #expect(run.stdout.isEmpty)
        #expect(
            run.stderr.contains("swiftbyte: read source-faker failed: Installing source-faker from PyPI needs Python 3"),
            "\(run.stderr)")
        #expect(run.stderr.contains("python3 was not found on PATH"))
        #expect(run.stderr.contains("apt-get install python3 python3-venv"))
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/cache/swiftbyte/connectors/source-faker-latest"))
    }
}
