import DuckDB
import Foundation
import Swiftbyte
import SwiftbyteTestSupport
import Testing

/// Two streams named `users`, in the namespaces `sales` and `public`, are two
/// streams everywhere: tables, the read's result, saved states and their
/// resets, the cache's stream list, exports, and syncs — with a script
/// source, so these run without PyPI.
struct NamespaceTests {
    static let sales = StreamDescriptor(name: "users", namespace: "sales")
    static let `public` = StreamDescriptor(name: "users", namespace: "public")

    static func streams(sales: Int, public publicCount: Int) -> [ScriptSource.Stream] {
        [.init("users", namespace: "sales", records: sales), .init("users", namespace: "public", records: publicCount)]
    }

    @Test func readStatesResetsStreamsAndExportKeepTheNamespacesApart() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")

        let first = try await ScriptSource.source(Self.streams(sales: 3, public: 2), in: folder).read(into: cache)
        #expect(first.streams.map(\.descriptor) == [Self.sales, Self.public])
        #expect(first[Self.sales]?.recordCount == 3)
        #expect(first[Self.public]?.recordCount == 2)
        #expect(first[Self.sales]?.tableName == "sales.users")
        #expect(first[Self.public]?.tableName == "public.users")
        #expect(first["public.users"]?.recordCount == 2, "a qualified name finds the stream too")
        #expect(try cache.query("SELECT count(*) FROM sales.users").rows[0][0].int64 == 3)
        #expect(try cache.query("SELECT count(*) FROM public.users").rows[0][0].int64 == 2)

        let states = try cache.savedStates(source: "source-script")
        #expect(states.map(\.descriptor) == [Self.public, Self.sales])
        #expect(try cache.savedStates(stream: "sales.users").map(\.descriptor) == [Self.sales])
        #expect(try cache.savedStates(stream: "users").count == 2, "a bare name is every namespace's stream")

        let cached = try cache.streams()
        #expect(cached.map(\.descriptor) == [Self.public, Self.sales])
        #expect(cached.map(\.rowCount) == [2, 3])
        #expect(cached.map(\.tableName) == ["public.users", "sales.users"])

        // Each namespace resumes from its own state: two new sales records, nothing new in public.
        let second = try await ScriptSource.source(Self.streams(sales: 5, public: 2), in: folder).read(into: cache)
        #expect(second[Self.sales]?.recordCount == 2)
        #expect(second[Self.public]?.recordCount == 0)

        // Forgetting one namespace's state reads only that stream from the start.
        let ambiguous = #expect(throws: CacheStreamError.self) { try cache.statesToReset(stream: "users") }
        #expect(ambiguous?.code == .ambiguousStream)
        #expect(ambiguous?.description == "several streams are named users (public.users, sales.users); name one as namespace.stream")
        #expect(try cache.resetState(stream: "sales.users").map(\.descriptor) == [Self.sales])
        #expect(try cache.savedStates().map(\.descriptor) == [Self.public])
        let third = try await ScriptSource.source(Self.streams(sales: 5, public: 2), in: folder).read(into: cache)
        #expect(third[Self.sales]?.recordCount == 5)
        #expect(third[Self.public]?.recordCount == 0)
        #expect(try cache.query("SELECT count(*) FROM sales.users").rows[0][0].int64 == 5, "deduplicated by id")

        let exported = "\(folder.path)/public-users.csv"
        #expect(try cache.export(stream: "public.users", to: exported, format: .csv) == 2)
        #expect(throws: CacheStreamError.self) { try cache.export(stream: "users", to: exported, format: .csv) }
    }

    @Test func theCommandLineListsShowsAndResetsEachNamespace() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let cachePath = "\(folder.path)/cache.duckdb"
        let script = try ScriptSource.executor(in: folder).executable
        let config = "\(folder.path)/config.json"
        try ScriptSource.config(Self.streams(sales: 3, public: 2)).jsonText.write(toFile: config, atomically: true, encoding: .utf8)

        let read = try await BuiltProduct.swiftbyte.run([
            "read", "source-script", "--executable", script, "--config", config,
            "--cache", cachePath, "--json",
        ])
        #expect(read.succeeded, "\(read.stderr)")
        let summary = try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any]
        let streams = summary?["streams"] as? [[String: Any]] ?? []
        let described = streams.map { stream -> String in
            let namespace = stream["namespace"] as? String ?? "-"
            let name = stream["name"] as? String ?? "-"
            let records = stream["records"] as? Int ?? -1
            return "\(namespace).\(name) \(records)"
        }
        #expect(described == ["sales.users 3", "public.users 2"])

        let listed = try await BuiltProduct.swiftbyte.run(["streams", "--cache", cachePath])
        #expect(listed.succeeded, "\(listed.stderr)")
        let rows = listed.lines.dropFirst(2).map { $0.split(separator: " ").prefix(4).joined(separator: " ") }
        #expect(rows == ["source-script public.users public.users 2", "source-script sales.users sales.users 3"])

        let shown = try await BuiltProduct.swiftbyte.run(["state", "show", "sales.users", "--cache", cachePath])
        #expect(shown.succeeded, "\(shown.stderr)")
        #expect(shown.stdout.contains("source-script sales.users"))
        #expect(!shown.stdout.contains("public.users"))

        let reset = try await BuiltProduct.swiftbyte.run(["state", "reset", "public.users", "--yes", "--cache", cachePath])
        #expect(reset.succeeded, "\(reset.stderr)")
        let cache = try Cache(existingAt: cachePath)
        #expect(try cache.savedStates().map(\.descriptor) == [Self.sales])
    }

    @Test func syncsKeepAStatePerNamespaceInTheCacheAndInAStateFile() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let destination = try await DestinationConnector.resolve(
            "destination-duckdb", config: ["destination_path": .string("\(folder.path)/out.duckdb")])
        let cache = try Cache(path: "\(folder.path)/states.duckdb")
        let stateFile = StateFile(path: "\(folder.path)/state.json")

        for store in [cache, stateFile] as [any SyncStateStore] {
            let first = try await ScriptSource.source(Self.streams(sales: 3, public: 2), in: folder).sync(to: destination, states: store)
            #expect(first[Self.sales]?.recordCount == 3)
            #expect(first[Self.public]?.recordCount == 2)
            let saved = try store.states(source: "source-script", destination: "destination-duckdb")
            #expect(Set(saved.compactMap(\.stream?.streamDescriptor)) == [Self.sales, Self.public])

            let second = try await ScriptSource.source(Self.streams(sales: 4, public: 2), in: folder).sync(to: destination, states: store)
            #expect(second[Self.sales]?.recordCount == 1, "each namespace resumes from its own state")
            #expect(second[Self.public]?.recordCount == 0)
        }
        let out = try Database(path: "\(folder.path)/out.duckdb", options: .init(readOnly: true)).connect()
        #expect(try out.query("SELECT count(*) FROM sales.users").rows()[0][0].int64 == 4)
        #expect(try out.query("SELECT count(*) FROM public.users").rows()[0][0].int64 == 2)
    }

    @Test func aCacheWrittenBeforeNamespacesKeepsItsDestinationStates() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let path = "\(folder.path)/states.duckdb"
        do {
            let connection = try Database(path: path).connect()
            try connection.execute(
                """
                CREATE TABLE _airbyte_destination_state (
                    destination_name VARCHAR NOT NULL, source_name VARCHAR NOT NULL, stream_name VARCHAR NOT NULL,
                    state_json VARCHAR, last_updated TIMESTAMPTZ DEFAULT current_timestamp,
                    PRIMARY KEY (destination_name, source_name, stream_name));
                INSERT INTO _airbyte_destination_state (destination_name, source_name, stream_name, state_json) VALUES
                    ('d', 's', 'users', '{"type": "STREAM", "stream": {"stream_descriptor": {"name": "users"}, "stream_state": {"at": 1}}}');
                """)
        }
        let cache = try Cache(path: path)
        #expect(try cache.states(source: "s", destination: "d").map { $0.stream?.streamDescriptor } == [StreamDescriptor(name: "users")])
        let sales = try AirbyteStateMessage(json: [
            "type": "STREAM", "stream": ["stream_descriptor": ["name": "users", "namespace": "sales"], "stream_state": ["at": 2]],
        ])
        try cache.save(sales, source: "s", destination: "d")
        #expect(try cache.states(source: "s", destination: "d").count == 2, "the migrated key has room for a namespace")
    }
}
