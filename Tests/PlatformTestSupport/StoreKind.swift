import Foundation
import Logging
import PlatformStore
import PostgresNIO
import Testing

/// The two backends every store test runs against.
package enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgres

    package var testDescription: String { rawValue }

    package static let logger = Logger(label: "swiftbyte.platform.tests")

    /// Runs `body` with a new, empty, migrated store of this kind, then closes and removes it.
    package func withStore<T>(_ body: (any PlatformStore, TestDatabase) async throws -> T) async throws -> T {
        let database = try await TestDatabase.make(self)
        let store: any PlatformStore
        do {
            store = try await database.open()
        } catch {
            try? await database.remove()
            throw error
        }
        do {
            let value = try await body(store, database)
            try await store.close()
            try await database.remove()
            return value
        } catch {
            try? await store.close()
            try? await database.remove()
            throw error
        }
    }
}

/// A test's own database: a SQLite file in a temporary folder, or a PostgreSQL database in the shared cluster.
package struct TestDatabase: Sendable {
    package let kind: StoreKind
    /// The SQLite file, or the PostgreSQL URL.
    package let location: String
    package let folder: String?
    package let postgresName: String?

    /// A database at `location`: a SQLite file, or a PostgreSQL URL (removed by ``remove()`` only with a `folder` or `postgresName`).
    package init(kind: StoreKind, location: String, folder: String?, postgresName: String?) {
        self.kind = kind
        self.location = location
        self.folder = folder
        self.postgresName = postgresName
    }

    package static func make(_ kind: StoreKind) async throws -> TestDatabase {
        switch kind {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("platform-store-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            return TestDatabase(kind: kind, location: "\(folder)/platform.sqlite", folder: folder, postgresName: nil)
        case .postgres:
            let (name, url) = try await TestPostgres.createDatabase()
            return TestDatabase(kind: kind, location: url, folder: nil, postgresName: name)
        }
    }

    /// Opens (and migrates) a store on this database; several may be open at once, like several processes.
    package func open() async throws -> any PlatformStore {
        switch kind {
        case .sqlite: try await SQLiteStore.open(path: location, logger: StoreKind.logger)
        case .postgres: try await PostgresStore.open(url: location, logger: StoreKind.logger)
        }
    }

    package func remove() async throws {
        if let folder { try? FileManager.default.removeItem(atPath: folder) }
        if let postgresName { try await TestPostgres.dropDatabase(postgresName) }
    }

    /// Runs raw SQL on `store` (which must be of this kind), bypassing the store's API:
    /// for tests that look at what is really stored.
    package func raw(_ sql: String, on store: any PlatformStore) async throws -> [StoreRow] {
        if let sqlite = store as? SQLiteStore { return try await sqlite.rawRows(sql) }
        return try await #require(store as? PostgresStore).rawRows(sql)
    }

    /// The columns of `table` as the database has them.
    package func columns(of table: String, on store: any PlatformStore) async throws -> [String] {
        switch kind {
        case .sqlite:
            return try await raw("SELECT name FROM pragma_table_info('\(table)') ORDER BY cid", on: store).map { try $0.text("name") }
        case .postgres:
            return try await raw(
                """
                SELECT column_name::text AS name FROM information_schema.columns
                WHERE table_schema = 'public' AND table_name = '\(table)' ORDER BY ordinal_position
                """, on: store
            ).map { try $0.text("name") }
        }
    }
}
