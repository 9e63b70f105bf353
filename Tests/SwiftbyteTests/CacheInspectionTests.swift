import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// The Cache API (streams, query, saved state and reset, export) on a cache
/// filled by a real source-faker read.
@Suite(.enabled(Faker.skipComment, Faker.available))
struct CacheInspectionTests {
    private static func withCache(_ body: (Cache, TemporaryFolder) async throws -> Void) async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await body(try Cache(path: try await CacheFixture.copy(into: folder)), folder)
    }

    private static func count(_ cache: Cache, _ table: String) throws -> Int {
        Int(try cache.database.connect().scalar("SELECT count(*) FROM \(table)")?.int64 ?? -1)
    }

    @Test func streamsListEachTableWithItsRowsModesAndStateTime() async throws {
        try await Self.withCache { cache, _ in
            let streams = try cache.streams()
            #expect(streams.map(\.name) == ["products", "purchases", "users"])
            for stream in streams {
                #expect(stream.source == "source-faker")
                #expect(stream.tableName == "main.\(stream.name)")
                #expect(stream.rowCount == (try Self.count(cache, stream.tableName)))
                #expect(stream.syncMode == .incremental)
                #expect(stream.destinationSyncMode == .appendDedup)
                #expect(stream.generation == 0)
                #expect(stream.stateUpdated != nil)
                #expect(stream.lastRead != nil)
            }
            #expect(try cache.stream(named: "users").rowCount == CacheFixture.userCount)
        }
    }

    @Test func streamsKeptByAnEarlierVersionMoveIntoAirbyteStreams() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = "\(folder.path)/old.duckdb"
        do {
            let database = try Database(path: path)
            try database.connect().execute(
                """
                CREATE TABLE _swiftbyte_streams (source_name VARCHAR, stream_name VARCHAR, table_name VARCHAR,
                    generation_id BIGINT, sync_id BIGINT, last_updated TIMESTAMPTZ DEFAULT current_timestamp,
                    sync_mode VARCHAR, destination_sync_mode VARCHAR);
                INSERT INTO _swiftbyte_streams VALUES
                    ('source-a', 'users', 'main.users', 2, 7, '2026-11-01', 'incremental', 'append_dedup'),
                    ('source-b', 'users', 'main.users', 1, 3, '2026-10-01', 'full_refresh', 'overwrite'),
                    ('source-a', 'orders', 'main.orders', 0, 7, '2026-11-01', 'full_refresh', 'overwrite');
                CREATE TABLE users (id BIGINT); CREATE TABLE orders (id BIGINT);
                """)
        }
        let cache = try Cache(existingAt: path)
        let streams = try cache.streams()
        #expect(streams.map { "\($0.source)/\($0.name)" } == ["source-a/orders", "source-a/users"], "the newest row per table")
        #expect(streams.map(\.generation) == [0, 2])
        #expect(streams.last?.destinationSyncMode == .appendDedup)
        let connection = try cache.database.connect()
        #expect(try connection.scalar("SELECT count(*) FROM duckdb_tables() WHERE table_name = '_swiftbyte_streams'")?.int64 == 0)
        #expect(try connection.scalar("SELECT DISTINCT catalog_metadata FROM _airbyte_streams")?.string == "{}")
    }

    @Test func aStreamsTableMadeByPyAirbyteGainsOurColumns() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = "\(folder.path)/pyairbyte.duckdb"
        do {
            // As PyAirbyte's SQLAlchemy model creates it.
            try Database(path: path).connect().execute(
                """
                CREATE TABLE _airbyte_streams (stream_name VARCHAR, source_name VARCHAR, table_name VARCHAR NOT NULL,
                    catalog_metadata VARCHAR, PRIMARY KEY (table_name));
                INSERT INTO _airbyte_streams VALUES ('users', 'source-faker', 'users', '{"type": "object"}');
                """)
        }
        let cache = try Cache(existingAt: path)
        let source = try await CacheFixture.source()
        _ = try await source.read(into: cache)
        let rows = try cache.database.connect().query(
            "SELECT table_name, generation_id, sync_mode FROM _airbyte_streams ORDER BY 1"
        ).rows()
        #expect(rows.map { $0[0].string ?? "" } == ["products", "purchases", "users"], "one row per table, key kept")
        #expect(rows.allSatisfy { $0[2].string == "incremental" })
        // A second read replaces each table's row within one transaction under the primary key.
        _ = try await source.read(into: cache)
        #expect(try cache.streams().count == 3)
    }

    @Test func queryReturnsTypedRowsAndCountsThoseBeyondTheLimit() async throws {
        try await Self.withCache { cache, _ in
            let top = try cache.query("SELECT id, name FROM main.users ORDER BY id", limit: 5)
            #expect(top.columns.map(\.name) == ["id", "name"])
            #expect(top.columns.map(\.type) == [.bigint, .varchar])
            #expect(top.rows.map { $0[0] } == [1, 2, 3, 4, 5])
            #expect(top.totalRowCount == CacheFixture.userCount)
            #expect(top.omittedRowCount == CacheFixture.userCount - 5)
            #expect(top[0, "name"]?.string?.isEmpty == false)
            #expect(top[0, "missing"] == nil)

            let filtered = try cache.query("SELECT count(*) AS n FROM main.users WHERE id <= ?", 10)
            #expect(filtered[0, "n"] == 10)
            #expect(filtered.omittedRowCount == 0)

            let error = #expect(throws: DuckDBError.self) { try cache.query("SELECT * FROM main.nope") }
            #expect(error?.message.contains("nope") == true)
        }
    }

    @Test func savedStatesAreThoseTheNextReadResumesFrom() async throws {
        try await Self.withCache { cache, _ in
            let states = try cache.savedStates()
            #expect(states.map(\.stream) == ["products", "purchases", "users"])
            let users = try #require(try cache.savedStates(stream: "users").first)
            #expect(users.source == "source-faker")
            #expect(users.tableName == "main.users")
            #expect(try users.message.stream?.streamDescriptor.name == "users")
            #expect(users.json.contains("\"updated_at\""))
            #expect(try cache.savedStates(source: "source-other").isEmpty)
        }
    }

    @Test func resettingOneStreamMakesTheNextReadAFullReadOfItAndKeepsTheTable() async throws {
        try await Self.withCache { cache, _ in
            let forgotten = try cache.resetState(stream: "users")
            #expect(forgotten.map(\.stream) == ["users"])
            #expect(try cache.savedStates().map(\.stream) == ["products", "purchases"])
            #expect(try Self.count(cache, "main.users") == CacheFixture.userCount)
            #expect(try cache.stream(named: "users").stateUpdated == nil)

            // faker sends nothing new to a stream with state; without one it sends everything.
            let source = try await CacheFixture.source()
            try await source.select(["users", "products"])
            let result = try await source.read(into: cache)
            #expect(result["users"].count == CacheFixture.userCount)
            #expect(result["products"].count == 0)
            #expect(result["purchases"].count == 0, "not selected, not read")
            #expect(result["purchases"] == nil)
            #expect(try Self.count(cache, "main.users") == CacheFixture.userCount, "merged by primary key")
            #expect(try cache.savedStates(stream: "users").count == 1)
        }
    }

    @Test func resettingASourceForgetsAllItsStates() async throws {
        try await Self.withCache { cache, _ in
            let toReset = try cache.statesToReset(source: "source-faker")
            #expect(toReset.count == 3)
            #expect(try cache.savedStates().count == 3, "statesToReset forgets nothing")
            let forgotten = try cache.resetState(source: "source-faker")
            #expect(forgotten == toReset)
            #expect(try cache.savedStates().isEmpty)
            #expect(try cache.streams().count == 3, "the streams and their tables stay")
            #expect(try cache.resetState(source: "source-faker").isEmpty)
        }
    }

    @Test func unknownAndAmbiguousStreamsAreRefusedWithWhatTheCacheHolds() async throws {
        try await Self.withCache { cache, _ in
            let unknown = #expect(throws: CacheStreamError.self) { try cache.resetState(stream: "userz") }
            #expect(unknown?.code == .unknownStream)
            #expect(unknown?.description == "no stream userz in the cache; known streams: products, purchases, users")

            // A second source with a `users` stream, keeping one GLOBAL state.
            try cache.database.connect().execute(
                """
                INSERT INTO _airbyte_streams (source_name, stream_name, table_name, generation_id, sync_id)
                    VALUES ('source-other', 'users', 'main.users', 0, 1);
                INSERT INTO _airbyte_state (source_name, stream_name, table_name, state_json)
                    VALUES ('source-other', '_GLOBAL', '_GLOBAL', '{"type":"GLOBAL","global":{"stream_states":[]}}');
                """)
            let ambiguous = #expect(throws: CacheStreamError.self) { try cache.stream(named: "users") }
            #expect(ambiguous?.code == .ambiguousStream)
            #expect(ambiguous?.sources == ["source-faker", "source-other"])
            let listed = #expect(throws: CacheStreamError.self) { try cache.stream(named: "nope") }
            #expect(listed?.knownStreams == ["products", "purchases", "source-faker/users", "source-other/users"])

            let shared = #expect(throws: CacheStreamError.self) { try cache.resetState(source: "source-other", stream: "users") }
            #expect(shared?.code == .sharedState)
            #expect(try cache.savedStates(source: "source-other", stream: "users").map(\.stream) == ["_GLOBAL"])
            #expect(try cache.resetState(source: "source-other").map(\.stream) == ["_GLOBAL"])
            #expect(try cache.savedStates(source: "source-faker").count == 3)
        }
    }

    @Test(arguments: ExportFormat.allCases)
    func exportWritesEveryRowInTheFormat(_ format: ExportFormat) async throws {
        try await Self.withCache { cache, folder in
            let subfolder = "\(folder.path)/it's a \"folder\""
            try FileManager.default.createDirectory(atPath: subfolder, withIntermediateDirectories: true)
            let path = "\(subfolder)/users.\(format)"
            #expect(try cache.export(stream: "users", to: path, format: format) == CacheFixture.userCount)

            let reader =
                switch format {
                case .parquet: "read_parquet"
                case .csv: "read_csv"
                case .jsonl, .json: "read_json"
                }
            let check = try Database().connect()
            let back = try check.query("SELECT count(*), sum(id), count(DISTINCT name) FROM \(reader)(?)", .varchar(path)).rows()[0]
            let original = try cache.database.connect().query("SELECT count(*), sum(id), count(DISTINCT name) FROM main.users").rows()[0]
            #expect(back == original)
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let text = String(decoding: bytes, as: UTF8.self)
            switch format {
            case .csv: #expect(text.hasPrefix("_airbyte_raw_id,"))
            case .jsonl: #expect(text.split(separator: "\n").count == CacheFixture.userCount)
            case .json: #expect(text.hasPrefix("["))
            case .parquet: #expect(bytes.starts(with: Array("PAR1".utf8)))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: subfolder) == ["users.\(format)"], "no partial file left")
        }
    }

    @Test func aFailedExportLeavesTheEarlierFileAlone() async throws {
        try await Self.withCache { cache, folder in
            let path = try folder.write("users.csv", "earlier\n")
            try cache.database.connect().execute("CREATE TABLE main.broken AS SELECT 1 AS x")
            try cache.database.connect().execute(
                """
                INSERT INTO _airbyte_streams (source_name, stream_name, table_name, generation_id, sync_id)
                    VALUES ('source-faker', 'gone', 'main.gone', 0, 1)
                """)
            let missing = #expect(throws: CacheStreamError.self) { try cache.export(stream: "gone", to: path, format: .csv) }
            #expect(missing?.code == .missingTable)
            #expect(
                #expect(throws: CacheStreamError.self) { try cache.export(stream: "userz", to: path, format: .csv) }?.code == .unknownStream
            )
            let failed = #expect(throws: CacheExportError.self) {
                try cache.export(stream: "users", to: "\(folder.path)/no/such/dir/u.csv", format: .csv)
            }
            #expect(failed?.code == .writeFailed)
            #expect(failed?.underlying is DuckDBError, "DuckDB's own error is kept, not flattened into text")
            #expect(failed.map { String(reflecting: $0) }?.contains("underlying: DuckDBError(") == true)
            #expect(try String(contentsOfFile: path, encoding: .utf8) == "earlier\n")
        }
    }

    @Test func anExistingCacheIsOpenedAndAMissingOneIsNotCreated() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let missing = "\(folder.path)/missing.duckdb"
        let error = #expect(throws: CacheError.self) { try Cache(existingAt: missing) }
        #expect(error?.description == "cannot open the cache \(missing): there is no such file; read a source into it first")
        #expect(error?.code == .notFound)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}

/// What needs no source: choosing a format from a file name.
@Suite struct ExportFormatTests {
    @Test func formatFollowsTheExtension() {
        #expect(ExportFormat(path: "out/users.parquet") == .parquet)
        #expect(ExportFormat(path: "USERS.CSV") == .csv)
        #expect(ExportFormat(path: "a.b/users.ndjson") == .jsonl)
        #expect(ExportFormat(path: "users.jsonl") == .jsonl)
        #expect(ExportFormat(path: "users.json") == .json)
        #expect(ExportFormat(path: "users.txt") == nil)
        #expect(ExportFormat(path: "a.csv/users") == nil)
        #expect(ExportFormat(path: ".csv") == nil)
    }
}
