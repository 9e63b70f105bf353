import AirbyteProtocol
import DuckDB
import Foundation
import PlatformStore
import PlatformTestSupport
import Testing

@testable import Platform

/// A connection's namespace definition and stream prefix decide where its
/// tables land; the state stays under the source's names.
@Suite("Namespaces and prefixes")
struct NamespaceTests {
    @Test("custom_format namespace and a prefix: rows in <namespace>.<prefix><stream>, resumed and cleared there")
    func customNamespaceAndPrefix() async throws {
        try await PlatformHarness.with(.sqlite) { harness in
            let service = harness.service
            let connection = try await JobRunnerTests.connection(harness, mode: "ok")
            _ = try await service.updateConnection(
                connection.id,
                settings: ConnectionSettings(
                    namespaceDefinition: .customFormat, namespaceFormat: "analytics${SOURCE_NAMESPACE}", prefix: "app_"))
            let warehouse = "\(harness.folder.path)/warehouse.duckdb"
            func count(_ table: String) throws -> Int64? {
                let database = try Database(path: warehouse)
                return try database.connect().scalar("SELECT count(*) FROM \(table)")?.int64
            }
            func tables() throws -> [String] {
                let result = try Database(path: warehouse).connect().query(
                    "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_name NOT LIKE '\\_%' ESCAPE '\\' ORDER BY 1"
                )
                return try result.rows().compactMap { row in
                    guard case .varchar(let name)? = row.first else { return nil }
                    return name
                }
            }

            let first = try await service.triggerJob(connection.id).job
            try await harness.expectSuccess(first.id)
            #expect(try tables() == ["analytics.app_items"])
            #expect(try count("analytics.app_items") == 3)
            let state = try await service.connectionState(connection.id)
            #expect(state.map { $0.stream?.streamDescriptor } == [StreamDescriptor(name: "items")], "the state keeps the source's names")

            let second = try await service.triggerJob(connection.id).job
            #expect(try await harness.wait(for: second.id).status == .succeeded)
            #expect(try count("analytics.app_items") == 6, "the second sync resumed from the first's state")
            #expect(try await service.connectionState(connection.id).first?.stream?.streamState?["id"]?.int64Value == 6)

            let clear = try await service.triggerJob(connection.id, type: .clear).job
            try await harness.expectSuccess(clear.id)
            #expect(try count("analytics.app_items") == 0, "a clear empties the renamed table")
            #expect(try tables() == ["analytics.app_items"], "and creates no table under the source's name")
        }
    }

    @Test("The renaming each namespace definition makes")
    func renamings() {
        var connection = SavedConnection(
            workspaceID: WorkspaceID(), name: "c", sourceID: SourceID(), destinationID: DestinationID(),
            streams: [
                ConfiguredStream(name: "users", namespace: "public", syncMode: .fullRefreshOverwrite),
                ConfiguredStream(name: "events", namespace: nil, syncMode: .fullRefreshOverwrite),
            ])
        let users = StreamDescriptor(name: "users", namespace: "public")
        let events = StreamDescriptor(name: "events")
        connection.namespaceDefinition = .destination
        #expect(ConnectionCatalog.renaming(connection).destinationNames == [users: StreamDescriptor(name: "users")])
        connection.namespaceDefinition = .source
        #expect(ConnectionCatalog.renaming(connection).isEmpty)
        connection.prefix = "crm_"
        #expect(
            ConnectionCatalog.renaming(connection).destinationNames == [
                users: StreamDescriptor(name: "crm_users", namespace: "public"), events: StreamDescriptor(name: "crm_events"),
            ])
        connection.prefix = ""
        connection.namespaceDefinition = .customFormat
        connection.namespaceFormat = "raw_${SOURCE_NAMESPACE}"
        #expect(
            ConnectionCatalog.renaming(connection).destinationNames == [
                users: StreamDescriptor(name: "users", namespace: "raw_public"),
                events: StreamDescriptor(name: "events", namespace: "raw_"),
            ])
    }
}
