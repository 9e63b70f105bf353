import Foundation
import PlatformTestSupport
import Testing

@testable import PlatformStore

@Suite("Store migrations")
struct MigrationTests {
    @Test("An empty database migrates to the latest schema, with every column the store uses", arguments: StoreKind.allCases)
    func migratesFromEmpty(kind: StoreKind) async throws {
        try await kind.withStore { store, database in
            #expect(try await store.schemaVersion() == Migration.latestVersion)
            for table in StoreTable.all {
                #expect(try await database.columns(of: table.name, on: store) == table.columns, "table \(table.name)")
            }
            let applied = try await database.raw("SELECT version FROM schema_migrations ORDER BY version", on: store)
            #expect(try applied.map { try $0.integer("version") } == Migration.all.map { Int64($0.version) })
        }
    }

    @Test("Opening a migrated database again applies nothing and keeps its one default workspace", arguments: StoreKind.allCases)
    func reopeningIsANoOp(kind: StoreKind) async throws {
        try await kind.withStore { store, database in
            let workspace = try await store.defaultWorkspace()
            #expect(workspace.name == "Default Workspace")
            let again = try await database.open()
            #expect(try await again.defaultWorkspace() == workspace)
            #expect(try await again.workspaces().count == 1)
            try await again.close()
        }
    }

    @Test("Several stores opening one empty database at once migrate it once", arguments: StoreKind.allCases)
    func concurrentOpeningMigratesOnce(kind: StoreKind) async throws {
        let database = try await TestDatabase.make(kind)
        do {
            let stores = try await withThrowingTaskGroup(of: (any PlatformStore).self) { group in
                for _ in 0..<4 { group.addTask { try await database.open() } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(try await stores[0].workspaces().count == 1)
            #expect(try await database.raw("SELECT version FROM schema_migrations", on: stores[0]).count == Migration.all.count)
            for store in stores { try await store.close() }
        } catch {
            try? await database.remove()
            throw error
        }
        try await database.remove()
    }

    @Test("A database migrated by a newer Swiftbyte is refused, not damaged", arguments: StoreKind.allCases)
    func newerSchemaIsRefused(kind: StoreKind) async throws {
        try await kind.withStore { store, database in
            _ = try await database.raw(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)",
                on: store)
            let error = await #expect(throws: StoreError.self) { try await database.open() }
            #expect(error?.code == .schemaTooNew)
            #expect(try await store.schemaVersion() == 999)
        }
    }
}
