package import Logging

/// Opens the platform's store and migrates it: PostgreSQL when `database` is a
/// `postgres://` URL, otherwise SQLite at `database` (a file path) or, when
/// `nil`, at `folder/platform.sqlite`.
///
/// ```swift
/// let store = try await openPlatformStore(database: nil, folder: ".swiftbyte", logger: logger)
/// let workspace = try await store.defaultWorkspace()
/// ```
///
/// - Throws: ``StoreError`` (`unavailable`, `migrationFailed`, `schemaTooNew`).
package func openPlatformStore(database: String?, folder: String, logger: Logger) async throws -> any PlatformStore {
    if let database, PostgresLocation.isPostgresURL(database) {
        return try await PostgresStore.open(url: database, logger: logger)
    }
    return try await SQLiteStore.open(path: database ?? "\(folder)/platform.sqlite", logger: logger)
}
