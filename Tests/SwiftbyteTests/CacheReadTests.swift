import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Synchronization
import Testing

@testable import Swiftbyte

/// `Source.read(into:)` and `swiftbyte read` with the real source-faker.
///
/// faker 7.2.1's state, checked in its code: every stream saves
/// `{"seed", "updated_at"[, "loop_offset"]}`; with `always_updated: false`, a
/// stream given a state with `updated_at` emits nothing (its data has not
/// changed), and without one it emits everything again.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct CacheReadTests {
    private static func count(_ cache: Cache, _ table: String) throws -> Int64 {
        try cache.database.connect().scalar("SELECT count(*) FROM \(table)")?.int64 ?? -1
    }

    private static func savedStates(_ cache: Cache) throws -> [String: String] {
        let rows = try cache.database.connect().query(
            "SELECT stream_name, state_json FROM _airbyte_state WHERE source_name = 'source-faker'"
        ).rows()
        return Dictionary(uniqueKeysWithValues: rows.map { ($0[0].string ?? "", $0[1].string ?? "") })
    }

    @Test func firstReadLoadsEveryStreamAndSavesItsState() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        let source = try await Faker.source(count: 100)

        let result = try await source.read(into: cache)
        #expect(result["users"]?.recordCount == 100)
        #expect(result["users"]?.tableName == "main.users")
        #expect(result["users"]?.syncMode == .incremental)
        #expect((1...100).contains(result["products"]?.recordCount ?? 0))
        #expect((result["purchases"]?.recordCount ?? 0) > 0)
        for stream in result.streams {
            #expect(try Self.count(cache, stream.tableName) == Int64(stream.recordCount), "\(stream.name)")
            #expect(stream.duration > .zero)
        }
        let states = try Self.savedStates(cache)
        #expect(states.keys.sorted() == ["products", "purchases", "users"])
        #expect(states["users"]?.contains("\"updated_at\"") == true)
        #expect(result.savedStates >= 3)
        // PyAirbyte's layout: table_name is the bare table name in the cache's schema.
        let stateTables = try cache.database.connect().query(
            "SELECT DISTINCT table_name FROM _airbyte_state ORDER BY 1"
        ).rows().map { $0[0].string ?? "" }
        #expect(stateTables == ["products", "purchases", "users"])
        #expect(try cache.streams().map(\.tableName) == ["main.products", "main.purchases", "main.users"])
        // PyAirbyte's _airbyte_streams: one row per table, catalog_metadata the stream's JSON schema.
        let streams = try cache.database.connect().query(
            "SELECT stream_name, source_name, table_name, catalog_metadata FROM _airbyte_streams ORDER BY 1"
        ).rows()
        #expect(streams.map { $0[0].string ?? "" } == ["products", "purchases", "users"])
        #expect(streams.map { $0[2].string ?? "" } == ["products", "purchases", "users"])
        #expect(Set(streams.map { $0[1].string ?? "" }) == ["source-faker"])
        let usersSchema = try JSONValue(parsing: streams[2][3].string ?? "")
        #expect(usersSchema["properties"]?["updated_at"] != nil, "the users stream's JSON schema")

        // By default faker sends every user again with a new updated_at: deduplicated by id, not appended.
        let again = try await source.read(into: cache)
        #expect(again["users"]?.recordCount == 100)
        #expect(try Self.count(cache, "main.users") == 100)
        #expect(try Self.count(cache, "main.products") == Int64(result["products"]?.recordCount ?? -1))
    }

    @Test func secondReadResumesFromTheSavedStateAndFullRefreshReplaces() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        let source = try await Faker.source(count: 100, extra: [("always_updated", false)])
        try await source.select(["users", "products"])

        let first = try await source.read(into: cache)
        #expect(first["users"]?.recordCount == 100)
        #expect(first.streams.map(\.name).sorted() == ["products", "users"])
        let firstStates = try Self.savedStates(cache)

        // With the saved state, faker has nothing new: no records, the tables stay.
        let second = try await source.read(into: cache)
        #expect(second["users"]?.recordCount == 0)
        #expect(second["products"]?.recordCount == 0)
        #expect(try Self.count(cache, "main.users") == 100)
        #expect(try Self.savedStates(cache)["users"] != nil)
        #expect(firstStates["users"] != nil)

        // A full refresh ignores the state, reads everything, and replaces the rows (a new generation).
        let refreshed = try await source.read(into: cache, fullRefresh: true)
        #expect(refreshed["users"]?.recordCount == 100)
        #expect(refreshed["users"]?.syncMode == .fullRefresh)
        #expect(try Self.count(cache, "main.users") == 100)
        let generations = try cache.database.connect().query(
            "SELECT DISTINCT _airbyte_generation_id FROM main.users"
        ).rows().compactMap { $0.first?.int64 }
        #expect(generations == [1])

        // And the next incremental read resumes from the refresh's state.
        let after = try await source.read(into: cache)
        #expect(after["users"]?.recordCount == 0)
        #expect(try Self.count(cache, "main.users") == 100)
    }

    @Test func commandLineReadPrintsASummaryAndLoadsTheCache() async throws {
        guard try await Faker.available() else { return }
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cachePath = "\(folder.path)/cache.duckdb"
        let output = Mutex<[String]>([])
        let outcome = try await ToolProcess.run(
            Self.swiftbyteExecutable.path,
            ["read", "source-faker", "--config", #"{"count": 50}"#, "--cache", cachePath],
            timeout: .seconds(300)
        ) { line in output.withLock { $0.append(line) } }
        let lines = output.withLock { $0 }
        #expect(outcome?.succeeded == true, "\(lines.suffix(20).joined(separator: "\n"))")
        #expect(lines.contains { $0.hasPrefix("stream") && $0.contains("records") && $0.contains("records/s") && $0.hasSuffix("table") })
        let users = lines.first { $0.hasPrefix("users ") }?.split(separator: " ").map(String.init)
        #expect(users?[1] == "50")
        #expect(users?.last == "main.users")
        #expect(lines.contains { $0.hasPrefix("Read ") && $0.contains(cachePath) })

        let cache = try Cache(path: cachePath)
        #expect(try Self.count(cache, "main.users") == 50)
        #expect(try Self.count(cache, "main.products") > 0)
        #expect(try Self.count(cache, "main.purchases") > 0)
        #expect(try Self.savedStates(cache).count == 3)
    }

    /// The `swiftbyte` executable built beside the test bundle.
    static let swiftbyteExecutable: URL = {
        let bundle = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        if FileManager.default.fileExists(atPath: bundle.appendingPathComponent("swiftbyte").path) {
            return bundle.appendingPathComponent("swiftbyte")
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/swiftbyte")
    }()
}
