import AirbyteProtocol
import DuckDB
import Foundation
import PlatformStore
import PlatformTestSupport
import Testing

@testable import Platform

/// A source whose schema changes between two syncs, under each of Airbyte's
/// non-breaking change behaviours: detected at the sync's start and acted on.
@Suite("Schema changes")
struct SchemaChangeTests {
    @Test("Each non-breaking behaviour, after items gains a column and a stream appears", arguments: NonBreakingChangesBehavior.allCases)
    func behaviours(behaviour: NonBreakingChangesBehavior) async throws {
        try await PlatformHarness.with(.sqlite) { harness in
            let service = harness.service
            let created = try await JobRunnerTests.connection(harness, mode: "ok")
            let connection = try await service.updateConnection(
                created.id, settings: ConnectionSettings(nonBreakingChangesBehavior: behaviour))
            let first = try await service.triggerJob(connection.id).job
            try await harness.expectSuccess(first.id)

            try TestConnectors.schemaV2(in: harness.folder)
            let second = try await service.triggerJob(connection.id).job
            let ended = try await harness.wait(for: second.id)
            let why = await harness.failures(of: second.id)
            let after = try #require(try await service.store.connection(connection.id))
            let items = try #require(after.catalog?.streams.first { $0.name == "items" })
            let hasName = items.jsonSchema["properties"]?["name"] != nil
            let streams = after.streams.map(\.name)
            let warehouse = try Database(path: "\(harness.folder.path)/warehouse.duckdb").connect()
            func columns(_ table: String) throws -> [String] {
                try warehouse.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = '\(table)' AND column_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 1"
                ).rows().compactMap { row in
                    guard case .varchar(let name)? = row.first else { return nil }
                    return name
                }
            }

            switch behaviour {
            case .ignore:
                #expect(ended.status == .succeeded)
                #expect(!hasName && streams == ["items"], "ignore keeps the connection as it was")
                #expect(after.status == .active)
            case .disableConnection:
                #expect(ended.status == .failed)
                let attempts = try await service.store.attempts(of: second.id)
                #expect(attempts.count == 1, "a refused schema change is not retried")
                let failure = try #require(attempts.first?.failure)
                #expect(failure.type == .refreshSchema && !failure.retryable)
                #expect(failure.message.contains("items: added name") && failure.message.contains("new streams tags"))
                #expect(after.status == .inactive)
                #expect(after.statusReason?.contains("disable_connection") == true)
                #expect(!hasName, "the catalog is left for a person to review")
            case .propagateColumns:
                #expect(ended.status == .succeeded, "\(why)")
                #expect(hasName && streams == ["items"], "new columns flow, new streams do not")
                #expect(try columns("items") == ["id", "name"])
                #expect(try warehouse.scalar("SELECT count(name) FROM main.items")?.int64 == 3, "the second sync's rows carry it")
            case .propagateFully:
                #expect(ended.status == .succeeded, "\(why)")
                #expect(hasName && streams == ["items", "tags"])
                #expect(after.catalog?.streams.map(\.name) == ["items", "tags"])
                #expect(try columns("items") == ["id", "name"])
                #expect(try warehouse.scalar("SELECT count(*) FROM main.tags")?.int64 == 1)
            }
        }
    }

    @Test("A selected stream gone from the source is breaking; other differences are listed")
    func detection() throws {
        func stream(_ name: String, _ properties: [String]) -> AirbyteStream {
            var schema = JSONObject()
            schema["type"] = "object"
            var fields = JSONObject()
            for property in properties { fields[property] = .object(JSONObject([("type", "string")])) }
            schema["properties"] = .object(fields)
            return AirbyteStream(
                name: name, jsonSchema: schema, supportedSyncModes: [.fullRefresh, .incremental],
                sourceDefinedPrimaryKey: [["id"]])
        }
        let old = AirbyteCatalog(streams: [stream("users", ["id", "email"]), stream("orders", ["id"])])
        let connection = SavedConnection(
            workspaceID: WorkspaceID(), name: "c", sourceID: SourceID(), destinationID: DestinationID(),
            streams: [
                ConfiguredStream(name: "users", syncMode: .incrementalDedupedHistory, cursorField: ["email"]),
                ConfiguredStream(name: "orders", selected: false, syncMode: .fullRefreshOverwrite),
            ], catalog: old)

        let columnsOnly = SchemaChange(
            from: old, to: AirbyteCatalog(streams: [stream("users", ["id", "email", "age"]), stream("orders", ["id"])]),
            connection: connection)
        #expect(columnsOnly.breaking.isEmpty)
        #expect(columnsOnly.changedStreams == [StreamDescriptor(name: "users"): .init(added: ["age"])])

        let unselectedGone = SchemaChange(
            from: old, to: AirbyteCatalog(streams: [stream("users", ["id", "email"])]), connection: connection)
        #expect(unselectedGone.breaking.isEmpty && unselectedGone.removedStreams == [StreamDescriptor(name: "orders")])

        let cursorGone = SchemaChange(
            from: old, to: AirbyteCatalog(streams: [stream("users", ["id"]), stream("orders", ["id"])]), connection: connection)
        #expect(cursorGone.breaking == ["the cursor field email of stream users is gone"])

        let streamGone = SchemaChange(from: old, to: AirbyteCatalog(streams: [stream("orders", ["id"])]), connection: connection)
        #expect(streamGone.breaking == ["stream users is gone from the source"])
    }
}
