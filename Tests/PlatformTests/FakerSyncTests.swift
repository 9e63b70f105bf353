import AirbyteProtocol
import DuckDB
import Foundation
import PlatformStore
import PlatformTestSupport
import Swiftbyte
import SwiftbyteTestSupport
import Testing

@testable import Platform

/// The job runner end to end: the real `airbyte-source-faker` from PyPI into
/// the built-in `destination-duckdb`, through the store, a worker and Swiftbyte.
@Suite("Faker sync through the platform")
struct FakerSyncTests {
    @Test(
        "A sync moves every record into DuckDB, counts it, saves the state; the next resumes; a clear empties",
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
            #expect(Set(connection.streams.map(\.name)) == ["users", "products", "purchases"])
            #expect(connection.streams.allSatisfy { $0.syncMode == .incrementalDedupedHistory })

            let first = try await service.triggerJob(connection.id).job
            let done = try await harness.wait(for: first.id)
            let firstWhy = await harness.failures(of: first.id)
            #expect(done.status == .succeeded, "\(firstWhy)")
            let attempts = try await service.store.attempts(of: first.id)
            #expect(attempts.map(\.status) == [.succeeded])
            let users = try #require(attempts.first?.streamStats.first { $0.name == "users" })
            #expect(users.recordsEmitted == 300 && users.recordsCommitted == 300)
            #expect(users.bytesEmitted > 300 * 100 && users.bytesCommitted == users.bytesEmitted)

            // The file is opened for each look and closed at once: DuckDB lets one process write it,
            // and the next sync's destination must be able to.
            func count(_ sql: String) throws -> Int64? { try Database(path: warehouse).connect().scalar(sql)?.int64 }
            #expect(try count("SELECT count(*) FROM main.users") == 300)
            #expect(try count("SELECT count(DISTINCT id) FROM main.users") == 300)
            let purchases = try count("SELECT count(*) FROM main.purchases") ?? 0
            #expect(purchases > 0 && Int64(attempts[0].streamStats.first { $0.name == "purchases" }?.recordsCommitted ?? -1) == purchases)
            let states = try await service.connectionState(connection.id)
            #expect(Set(states.compactMap(\.stream?.streamDescriptor.name)) == ["users", "products", "purchases"])

            let log = try String(contentsOfFile: service.configuration.absolutePath(try #require(attempts[0].logPath)), encoding: .utf8)
            #expect(log.contains("[platform] attempt 1 of at most 3 of sync job"))
            #expect(log.contains("[source-faker]"))
            #expect(harness.events.kinds == ["succeeded"])

            let second = try await service.triggerJob(connection.id).job
            let secondEnded = try await harness.wait(for: second.id)
            let secondWhy = await harness.failures(of: second.id)
            #expect(secondEnded.status == .succeeded, "\(secondWhy)")
            let resumed = try await service.store.attempts(of: second.id)
            #expect(resumed.first?.streamStats.first { $0.name == "users" }?.recordsEmitted == 0, "resumed from the saved state")
            #expect(try count("SELECT count(*) FROM main.users") == 300)

            let clear = try await service.triggerJob(connection.id, type: .clear, streams: [StreamDescriptor(name: "users")]).job
            let clearEnded = try await harness.wait(for: clear.id)
            let clearWhy = await harness.failures(of: clear.id)
            #expect(clearEnded.status == .succeeded, "\(clearWhy)")
            #expect(try count("SELECT count(*) FROM main.users") == 0)
            #expect(try count("SELECT count(*) FROM main.products") ?? 0 > 0, "other streams keep their rows")
            #expect(
                Set(try await service.connectionState(connection.id).compactMap(\.stream?.streamDescriptor.name))
                    == ["products", "purchases"])

            let again = try await service.triggerJob(connection.id).job
            let againEnded = try await harness.wait(for: again.id)
            let againWhy = await harness.failures(of: again.id)
            #expect(againEnded.status == .succeeded, "\(againWhy)")
            #expect(try count("SELECT count(*) FROM main.users") == 300, "a cleared stream is read again from the start")
        }
    }
}
