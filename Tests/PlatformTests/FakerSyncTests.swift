import AirbyteProtocol
import DuckDB
import Foundation
@testable import Platform
import PlatformStore
import PlatformTestSupport
import Swiftbyte
import Testing

/// The job runner end to end: the real `airbyte-source-faker` from PyPI into
/// the built-in `destination-duckdb`, through the store, a worker and Swiftbyte.
@Suite("Faker sync through the platform")
struct FakerSyncTests {
    @Test("A sync moves every record into DuckDB, counts it, saves the state; the next resumes; a clear empties",
          arguments: StoreKind.allCases)
    func syncResumeAndClear(kind: StoreKind) async throws {
        guard try await Faker.available() else { try Test.cancel(Faker.skipComment) }
        try await PlatformHarness.with(kind) { harness in
            let service = harness.service
            let warehouse = "\(harness.folder.path)/warehouse.duckdb"
            let source = try await service.createSource(
                name: "faker", definition: .type("faker"),
                configuration: ["sourceType": "faker", "count": 300, "seed": 7, "parallelism": 1, "always_updated": false])
            let destination = try await service.createDestination(
                name: "warehouse", definition: .type("duckdb"),
                configuration: ["destinationType": "duckdb", "destination_path": .string(warehouse)])
            #expect(try await service.store.definition(source.definitionID)?.id == DefinitionID("dfd88b22-b603-4c3d-aad7-3701784586b1"))
            #expect(try await service.checkDestination(destination.id).succeeded)
            let connection = try await service.createConnection(source: source.id, destination: destination.id)
            #expect(connection.streams.map(\.name) == ["users", "products", "purchases"])
            #expect(connection.streams.allSatisfy { $0.syncMode == .incrementalDedupedHistory })

            let first = try await service.triggerJob(connection.id).job
            let done = try await harness.wait(for: first.id)
            #expect(done.status == .succeeded)
            let attempts = try await service.store.attempts(of: first.id)
            #expect(attempts.map(\.status) == [.succeeded])
            let users = try #require(attempts.first?.streamStats.first { $0.name == "users" })
            #expect(users.recordsEmitted == 300 && users.recordsCommitted == 300)
            #expect(users.bytesEmitted > 300 * 100 && users.bytesCommitted == users.bytesEmitted)

            let output = try Database(path: warehouse).connect()
            #expect(try output.scalar("SELECT count(*) FROM main.users")?.int64 == 300)
            #expect(try output.scalar("SELECT count(DISTINCT id) FROM main.users")?.int64 == 300)
            let purchases = try output.scalar("SELECT count(*) FROM main.purchases")?.int64 ?? 0
            #expect(purchases > 0 && Int64(attempts[0].streamStats.first { $0.name == "purchases" }?.recordsCommitted ?? -1) == purchases)
            let states = try await service.connectionState(connection.id)
            #expect(Set(states.compactMap(\.stream?.streamDescriptor.name)) == ["users", "products", "purchases"])

            let log = try String(contentsOfFile: service.configuration.absolutePath(try #require(attempts[0].logPath)), encoding: .utf8)
            #expect(log.contains("[platform] attempt 1 of at most 3 of sync job"))
            #expect(log.contains("[source-faker]"))
            #expect(harness.events.kinds == ["succeeded"])

            let second = try await service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: second.id).status == .succeeded)
            let resumed = try await service.store.attempts(of: second.id)
            #expect(resumed.first?.streamStats.first { $0.name == "users" }?.recordsEmitted == 0, "resumed from the saved state")
            #expect(try Database(path: warehouse).connect().scalar("SELECT count(*) FROM main.users")?.int64 == 300)

            let clear = try await service.triggerJob(connection.id, type: .clear, streams: [StreamDescriptor(name: "users")]).job
            #expect(try await harness.wait(for: clear.id).status == .succeeded)
            let afterClear = try Database(path: warehouse).connect()
            #expect(try afterClear.scalar("SELECT count(*) FROM main.users")?.int64 == 0)
            #expect(try afterClear.scalar("SELECT count(*) FROM main.products")?.int64 ?? 0 > 0, "other streams keep their rows")
            #expect(Set(try await service.connectionState(connection.id).compactMap(\.stream?.streamDescriptor.name))
                    == ["products", "purchases"])

            let again = try await service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: again.id).status == .succeeded)
            #expect(try Database(path: warehouse).connect().scalar("SELECT count(*) FROM main.users")?.int64 == 300,
                    "a cleared stream is read again from the start")
        }
    }
}
