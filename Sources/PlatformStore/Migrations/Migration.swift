import Foundation

/// One step of the schema, numbered from 1 and never changed once released:
/// a new need is a new migration. Each backend applies the missing ones in
/// order, in one transaction each, recording them in `schema_migrations`.
struct Migration: Sendable {
    /// Its number.
    let version: Int
    /// What it does.
    let name: String
    /// Its statements on SQLite.
    let sqlite: [String]
    /// Its statements on PostgreSQL.
    let postgres: [String]

    /// The table recording applied migrations (the same on both backends).
    static let ledger = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)
        """

    /// Every migration, in order.
    static var all: [Migration] { [initialSchema, workspaceFailureThreshold, catalogStreams] }

    /// The newest version this build knows.
    static var latestVersion: Int { all.map(\.version).max() ?? 0 }

    /// The migrations after `version`, in order; throws when the database is at
    /// a version this build does not know (a newer Swiftbyte migrated it).
    static func pending(after version: Int, location: String) throws -> [Migration] {
        guard version <= latestVersion else {
            throw StoreError(
                .schemaTooNew,
                message: """
                    \(location) is at schema version \(version), newer than this Swiftbyte knows (\(latestVersion)): \
                    run a newer swiftbyte, or point --database at another database
                    """)
        }
        return all.filter { $0.version > version }.sorted { $0.version < $1.version }
    }
}
