import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// `Source.sync(to:…)` and `swiftbyte sync` with the real source-faker and
/// the built-in destination-duckdb as processes.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct SyncTests {
    /// A destination written in Python: echoes the first STATE it reads, then
    /// reports a TRACE ERROR and exits 1 — or, with `mode` "echo", echoes every state.
    static let failingDestination = #"""
        #!/usr/bin/env python3
        import json, sys
        def emit(message):
            sys.stdout.write(json.dumps(message) + "\n")
            sys.stdout.flush()
        command = sys.argv[1]
        if command == "spec":
            emit({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object", "properties": {"mode": {"type": "string"}}}}})
            sys.exit(0)
        arguments = dict(zip(sys.argv[2::2], sys.argv[3::2]))
        mode = json.load(open(arguments["--config"])).get("mode", "fail")
        states = 0
        for line in sys.stdin:
            message = json.loads(line)
            if message["type"] == "STATE":
                states += 1
                emit(message)
                if mode == "fail" and states == 1:
                    emit({"type": "TRACE", "trace": {"type": "ERROR", "emitted_at": 0, "error": {
                        "message": "the warehouse refused the load", "failure_type": "system_error"}}})
                    sys.exit(1)
        """#

    private func destinationDuckDB(_ path: String) async throws -> DestinationConnector {
        #expect(DestinationConnector.builtInDuckDBExecutable != nil, "destination-duckdb is built beside the tests")
        return try await DestinationConnector.resolve(
            "destination-duckdb", config: ["destination_path": .string(path)],
            secrets: SecretResolver())
    }

    @Test func fakerIntoTheBuiltInDuckDBDestinationThenIncrementally() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let recording = RecordingExecutor(Faker.executor)
        let source = try await Faker.source(count: 60, extra: [("always_updated", false)], executor: recording)
        let destination = try await destinationDuckDB("\(folder.path)/out.duckdb")
        try await destination.check()
        let cache = try Cache(path: "\(folder.path)/states.duckdb")

        let first = try await source.sync(to: destination, states: cache)
        #expect(first["users"]?.recordCount == 60)
        #expect(first.streams.map(\.name) == ["products", "users", "purchases"])
        #expect(first.savedStates >= 3)
        let saved = try cache.database.connect().query(
            """
            SELECT stream_name, state_json FROM _airbyte_destination_state
            WHERE destination_name = 'destination-duckdb' AND source_name = 'source-faker' ORDER BY stream_name
            """
        ).rows()
        #expect(saved.map { $0[0].string } == ["products", "purchases", "users"])
        #expect(saved.allSatisfy { $0[1].string?.contains("destinationStats") == false })

        do {  // the destination's file, opened once it is done: typed columns, every user
            let output = try Database(path: "\(folder.path)/out.duckdb").connect()
            #expect(try output.scalar("SELECT count(*) FROM main.users")?.int64 == 60)
            let types = try output.query(
                """
                SELECT column_name, data_type FROM duckdb_columns()
                WHERE table_name = 'users' AND column_name IN ('id', 'created_at', 'name')
                ORDER BY column_name
                """
            ).rows().map { "\($0[0].string ?? ""):\($0[1].string ?? "")" }
            #expect(types == ["created_at:TIMESTAMP WITH TIME ZONE", "id:BIGINT", "name:VARCHAR"])
        }

        let second = try await source.sync(to: destination, states: cache)
        #expect(second.recordCount == 0, "faker resumes from the echoed states and has nothing new")
        let resumedWith = try #require(recording.invocations.last { $0.verb == "read" }?.state)
        #expect(resumedWith.contains("\"updated_at\"") && resumedWith.contains("\"users\""))
        let output = try Database(path: "\(folder.path)/out.duckdb").connect()
        #expect(try output.scalar("SELECT count(*) FROM main.users")?.int64 == 60)
    }

    @Test func eachFullRefreshSyncIsANewGenerationThatReplacesTheLast() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await Faker.source(count: 20, extra: [("always_updated", false)])
        try await source.select(["users"])
        let destination = try await destinationDuckDB("\(folder.path)/out.duckdb")
        let stateFile = StateFile(path: "\(folder.path)/state.json")
        func generations() throws -> [Int64] {
            try Database(path: "\(folder.path)/out.duckdb").connect()
                .query("SELECT DISTINCT _airbyte_generation_id FROM main.users").rows().compactMap { $0[0].int64 }
        }

        _ = try await source.sync(to: destination, states: stateFile, fullRefresh: true)
        let first = try generations()
        _ = try await source.sync(to: destination, states: stateFile, fullRefresh: true)
        let second = try generations()
        #expect(first.count == 1 && second.count == 1)
        #expect(second[0] > first[0], "the sync's id: a new, higher generation each time")
        #expect(first[0] > 1_700_000_000_000)
        let count = try Database(path: "\(folder.path)/out.duckdb").connect().scalar("SELECT count(*) FROM main.users")
        #expect(count?.int64 == 20, "replaced, not added to")
    }

    @Test func theStateFileKeepsTheEchoedStatesBetweenSyncs() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let source = try await Faker.source(count: 30, extra: [("always_updated", false)])
        try await source.select(["users"])
        let destination = try await destinationDuckDB("\(folder.path)/out.duckdb")
        let stateFile = StateFile(path: "\(folder.path)/state.json")

        let first = try await source.sync(to: destination, states: stateFile)
        #expect(first["users"]?.recordCount == 30)
        let saved = try StateFile(path: stateFile.path).states(source: "", destination: "")
        #expect(saved.map(\.stream?.streamDescriptor.name) == ["users"])
        #expect(saved.first?.stream?.streamState?["loop_offset"] == 30)

        let second = try await source.sync(to: destination, states: StateFile(path: stateFile.path))
        #expect(second.recordCount == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/.state.json.\(getpid()).tmp"))
    }

    @Test func aFailingDestinationIsNamedAndOnlyWhatItEchoedIsSaved() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let script = try folder.write("destination-script", Self.failingDestination, executable: true)
        // Many small slices: the source has far more states to send than the destination echoes.
        let source = try await Faker.source(count: 2_000, extra: [("records_per_slice", 10)])
        try await source.select(["users"])
        let destination = try await DestinationConnector.resolve(
            "destination-script", executor: LocalExecutable(script),
            secrets: SecretResolver())
        let stateFile = StateFile(path: "\(folder.path)/state.json")

        let error = await #expect(throws: SourceError.self) {
            _ = try await source.sync(to: destination, states: stateFile)
        }
        #expect(error?.connector == "destination-script")
        #expect(error?.command == "write")
        #expect(error?.message == "the warehouse refused the load")
        #expect(error?.failureType == .systemError)
        let saved = try StateFile(path: stateFile.path).states(source: "", destination: "")
        #expect(saved.count == 1)
        #expect(saved.first?.stream?.streamState?["loop_offset"] == 10, "the first state, the only one echoed")
    }

    @Test func commandLineSyncWithJSONAndQuiet() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let arguments = [
            "sync", "source-faker", "--config", #"{"count": 20, "always_updated": false}"#, "--streams", "users",
            "--destination", "destination-duckdb", "--destination-config", #"{"destination_path": "out.duckdb"}"#,
        ]

        let json = try await BuiltProduct.swiftbyte.run(arguments + ["--json"], in: folder.path)
        #expect(json.succeeded, "\(json.stderr)")
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(summary["command"] as? String == "sync")
        #expect(summary["records"] as? Int == 20)
        #expect(summary["states_saved"] as? Int == 1)
        let streams = try #require(summary["streams"] as? [[String: Any]])
        #expect(streams.map { $0["name"] as? String } == ["users"])
        #expect(streams.first?["records_per_second"] is Double)
        #expect(streams.first?.keys.contains("table") == true)
        #expect(json.stderr.contains("swiftbyte: users: 20 record(s)"), "a plain line per completed stream off a terminal")
        #expect(FileManager.default.fileExists(atPath: "\(folder.path)/.swiftbyte/cache.duckdb"), "states in the default cache")

        let quiet = try await BuiltProduct.swiftbyte.run(arguments + ["--quiet"], in: folder.path)
        #expect(quiet.succeeded, "\(quiet.stderr)")
        #expect(quiet.stdout.isEmpty)
        #expect(quiet.stderr.isEmpty)
    }
}
