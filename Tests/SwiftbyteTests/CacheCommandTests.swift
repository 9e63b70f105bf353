import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// `swiftbyte query|export|streams|state` as processes, on a copy of a cache
/// filled by a real source-faker read, and the compiled library example.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct CacheCommandTests {
    private static let swiftbyte = BuiltProduct.swiftbyte

    private static func withCache(_ body: (String, TemporaryFolder) async throws -> Void) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await body(try await CacheFixture.copy(into: folder), folder)
    }

    @Test func queryPrintsAnAlignedTableWithNullsAndCutCells() async throws {
        try await Self.withCache { cache, _ in
            let output = try await Self.swiftbyte.run([
                "query", "--cache", cache,
                """
                SELECT * FROM (VALUES (1, 'a', NULL), (10, 'bb', repeat('x', 50)), (100, 'c', 'line\nbreak')) t(n, s, z) ORDER BY n
                """,
            ])
            #expect(output.succeeded, "\(output.stderr)")
            #expect(
                output.stdout == """
                      n  s   z
                    ---  --  \(String(repeating: "-", count: 40))
                      1  a   NULL
                     10  bb  \(String(repeating: "x", count: 39))…
                    100  c   line↵break
                    (3 rows)

                    """)
        }
    }

    @Test func queryLimitsTableRowsAndSaysHowManyWereCut() async throws {
        try await Self.withCache { cache, _ in
            let output = try await Self.swiftbyte.run(["query", "SELECT id FROM main.users ORDER BY id", "--limit", "2", "--cache", cache])
            #expect(output.succeeded, "\(output.stderr)")
            #expect(
                output.lines == [
                    "id", "--", " 1", " 2",
                    "(30 rows, showing the first 2; 28 more not shown: raise --limit to see them)",
                ])
            let all = try await Self.swiftbyte.run(["query", "SELECT id FROM main.users", "--cache", cache])
            #expect(all.lines.count == 2 + CacheFixture.userCount + 1, "the default limit (100) shows them all")
        }
    }

    @Test func queryPrintsCSVAndJSON() async throws {
        try await Self.withCache { cache, _ in
            let sql = "SELECT id, name, _airbyte_meta, NULL AS nothing FROM main.users ORDER BY id"
            let csv = try await Self.swiftbyte.run(["query", sql, "--format", "csv", "--cache", cache])
            #expect(csv.succeeded, "\(csv.stderr)")
            #expect(csv.lines.first == "id,name,_airbyte_meta,nothing")
            #expect(csv.lines.count == CacheFixture.userCount + 1)
            #expect(csv.lines[1].hasPrefix("1,") && csv.lines[1].hasSuffix("\","), "the JSON column quoted, NULL empty: \(csv.lines[1])")

            let jsonl = try await Self.swiftbyte.run(["query", sql, "--format", "jsonl", "--cache", cache])
            let objects = jsonl.lines.compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            #expect(objects.count == CacheFixture.userCount)
            #expect(objects.first?["id"] as? Int == 1)
            #expect(objects.first?["_airbyte_meta"] is [String: Any], "JSON columns embedded as JSON")
            #expect(objects.first?["nothing"] is NSNull)

            let json = try await Self.swiftbyte.run(["query", sql, "--format", "json", "--limit", "3", "--cache", cache])
            let array = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
            #expect(array?.map { $0["id"] as? Int } == [1, 2, 3])
            #expect(json.stderr == "swiftbyte: printed 3 of 30 rows (--limit 3)\n")
        }
    }

    @Test func aFailingQueryPrintsDuckDBsMessage() async throws {
        try await Self.withCache { cache, _ in
            let output = try await Self.swiftbyte.run(["query", "SELECT * FROM main.nope", "--cache", cache])
            #expect(output.status == .exited(1))
            #expect(output.stdout.isEmpty)
            #expect(output.stderr.hasPrefix("swiftbyte: query failed: Catalog Error: Table with name nope does not exist!"))
        }
    }

    @Test func exportWritesFilesDuckDBReadsBack() async throws {
        try await Self.withCache { cache, folder in
            for (file, format, reader) in [
                ("users.parquet", nil, "read_parquet"), ("users.csv", nil, "read_csv"),
                ("users.jsonl", nil, "read_json"), ("users.data", "jsonl", "read_json"),
            ] {
                let path = "\(folder.path)/\(file)"
                let output = try await Self.swiftbyte.run(
                    ["export", "users", "--output", path, "--cache", cache]
                        + (format.map { ["--format", $0] } ?? []))
                #expect(output.succeeded, "\(output.stderr)")
                let shown = format ?? String(file.split(separator: ".").last!)
                #expect(output.stdout == "Exported 30 row(s) of users to \(path) (\(shown)).\n")
                let back = try Database().connect().query("SELECT count(*), sum(id) FROM \(reader)(?)", .varchar(path)).rows()[0]
                #expect(back == [30, .hugeInt(465)], "\(file)")
            }
        }
    }

    @Test func exportRefusesUnknownStreamsAndFormats() async throws {
        try await Self.withCache { cache, folder in
            let unknown = try await Self.swiftbyte.run(["export", "userz", "--output", "\(folder.path)/u.csv", "--cache", cache])
            #expect(unknown.status == .exited(1))
            #expect(unknown.stderr == "swiftbyte: no stream userz in the cache; known streams: products, purchases, users\n")
            let format = try await Self.swiftbyte.run(["export", "users", "--output", "\(folder.path)/u.txt", "--cache", cache])
            #expect(format.status != .exited(0))
            #expect(format.stderr.contains("cannot tell the format from \(folder.path)/u.txt"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["cache.duckdb"])
        }
    }

    @Test func streamsListsTheCachedStreams() async throws {
        try await Self.withCache { cache, _ in
            let output = try await Self.swiftbyte.run(["streams", "--cache", cache])
            #expect(output.succeeded, "\(output.stderr)")
            #expect(
                output.lines.first?.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                    == "source stream table rows mode generation state saved")
            let users = output.lines.first { $0.contains(" users ") }?.split(separator: " ").map(String.init)
            #expect(users?.prefix(7) == ["source-faker", "users", "main.users", "30", "incremental", "append_dedup", "0"])
            #expect(users?.last == "UTC")
            #expect(output.lines.count == 5)
        }
    }

    @Test func stateResetNeedsConfirmationThenTheNextReadIsFull() async throws {
        try await Self.withCache { cache, _ in
            let shown = try await Self.swiftbyte.run(["state", "show", "users", "--cache", cache])
            #expect(shown.succeeded, "\(shown.stderr)")
            #expect(shown.lines.count == 2)
            #expect(shown.lines[0].hasPrefix("source-faker users, saved "))
            let state = try JSONSerialization.jsonObject(with: Data(shown.lines[1].utf8)) as? [String: Any]
            #expect(state?["type"] as? String == "STREAM")

            // No terminal on stdin: --yes is required, and nothing is forgotten without it.
            let refused = try await Self.swiftbyte.run(["state", "reset", "users", "--cache", cache])
            #expect(refused.status == .exited(1))
            #expect(refused.stderr.contains("pass --yes"))
            #expect(try await Self.swiftbyte.run(["state", "show", "users", "--cache", cache]).lines.count == 2)

            let reset = try await Self.swiftbyte.run(["state", "reset", "users", "--yes", "--cache", cache])
            #expect(reset.succeeded, "\(reset.stderr)")
            #expect(reset.stdout.hasPrefix("Forgot the saved state of source-faker users;"))
            let after = try await Self.swiftbyte.run(["state", "show", "--cache", cache])
            #expect(
                after.lines.filter { $0.hasPrefix("source-faker ") }.map { $0.split(separator: ",")[0] }
                    == ["source-faker products", "source-faker purchases"])

            // users has no state: faker sends all of it again; products has one: nothing new.
            let read = try await Self.swiftbyte.run([
                "read", "source-faker", "--streams", "users,products",
                "--config", CacheFixture.configJSON, "--cache", cache,
            ])
            #expect(read.succeeded, "\(read.stderr.suffix(2000))")
            let records = Dictionary(
                uniqueKeysWithValues: read.lines.dropFirst().dropLast().map {
                    let cells = $0.split(separator: " ").map(String.init)
                    return (cells[0], cells[1])
                })
            #expect(records == ["users": "30", "products": "0"])
            #expect(try await Self.swiftbyte.run(["state", "show", "users", "--cache", cache]).lines.count == 2)
        }
    }

    @Test func stateCommandsRefuseUnknownStreamsAndSources() async throws {
        try await Self.withCache { cache, _ in
            let stream = try await Self.swiftbyte.run(["state", "show", "userz", "--cache", cache])
            #expect(stream.status == .exited(1))
            #expect(stream.stderr == "swiftbyte: no stream userz in the cache; known streams: products, purchases, users\n")
            let source = try await Self.swiftbyte.run(["state", "reset", "--source", "source-fakr", "--yes", "--cache", cache])
            #expect(source.status == .exited(1))
            #expect(source.stderr == "swiftbyte: no saved state for source source-fakr; sources with saved state: source-faker\n")
        }
    }

    @Test(arguments: [
        ["query", "SELECT 1"], ["streams"], ["state", "show"], ["state", "reset", "--yes"],
        ["export", "users", "--output", "users.csv"],
    ])
    func aMissingCacheIsNamedAndNotCreated(_ command: [String]) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = "\(folder.path)/nowhere/cache.duckdb"
        let output = try await Self.swiftbyte.run(command + ["--cache", path], in: folder.path)
        #expect(output.status == .exited(1))
        #expect(output.stderr == "swiftbyte: there is no cache at \(path); run `swiftbyte read SOURCE --cache \(path)` first\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func infoListsTablesAndNeverCreatesACache() async throws {
        try await Self.withCache { cache, folder in
            let missing = "\(folder.path)/nowhere/cache.duckdb"
            let none = try await Self.swiftbyte.run(["info", "--cache", missing])
            #expect(none.succeeded, "\(none.stderr)")
            #expect(none.stdout.hasPrefix("swiftbyte: no cache at \(missing) yet"))
            #expect(!FileManager.default.fileExists(atPath: "\(folder.path)/nowhere"))

            let output = try await Self.swiftbyte.run(["--cache", cache], in: folder.path)
            #expect(output.succeeded, "\(output.stderr)")
            #expect(output.lines.first?.hasPrefix("swiftbyte: cache \(cache) (DuckDB v") == true, "info is the default command")
            for table in ["_airbyte_state", "_airbyte_streams", "products", "purchases", "users"] {
                #expect(output.lines.contains("  \(table)"), "\(table) listed: \(output.lines)")
            }
        }
    }

    @Test func aCacheAnotherProcessHoldsIsRefusedWithTheLockMessage() async throws {
        try await Self.withCache { cache, _ in
            let held = try Cache(existingAt: cache)
            let output = try await Self.swiftbyte.run(["streams", "--cache", cache])
            #expect(output.status == .exited(1))
            #expect(output.stderr.hasPrefix("swiftbyte: cannot open the cache \(cache): another process has it open"))
            withExtendedLifetime(held) {}
        }
    }

    @Test func theLibraryExampleReadsIntoTheDefaultCacheAndQueriesIt() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let output = try await BuiltProduct.example.run(["20"], in: folder.path)
        #expect(output.succeeded, "\(output.stderr.suffix(2000))")
        #expect(output.lines.contains("users read: 20"))
        #expect(output.lines.filter { $0.hasPrefix("oldest: ") }.count == 3)
        #expect(output.lines.contains("cached: users main.users 20"))
        let cache = try Cache(existingAt: "\(folder.path)/\(Cache.defaultPath)")
        #expect(try cache.query("SELECT count(*) FROM main.users").rows == [[20]])
    }
}
