public import DuckDB
import Foundation

/// A local DuckDB file that holds what sources read: one table per stream, plus
/// the bookkeeping that lets the next read resume where this one stopped.
///
/// ```swift
/// let cache = try Cache()                       // .swiftbyte/cache.duckdb
/// let cache = try Cache(path: "/data/crm.duckdb", schema: "crm")
/// ```
public final class Cache: Sendable {
    /// `.swiftbyte/cache.duckdb`, relative to the working directory.
    public static let defaultPath = ".swiftbyte/cache.duckdb"

    /// The DuckDB file.
    public let path: String
    /// The schema stream tables go into.
    public let schema: String
    /// The open database; connect to it to query the cache directly.
    public let database: Database

    /// Opens (creating the file and its folder if needed) the cache at `path`.
    /// - Throws: ``CacheError`` when the folder cannot be created or the file cannot be opened
    ///   (for example because another process holds it).
    public init(path: String = Cache.defaultPath, schema: String = "main") throws(CacheError) {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw CacheError(
                .folderNotCreated, path: path,
                reason: "its folder \(folder.path) cannot be created: \(error.localizedDescription)", underlying: error)
        }
        do {
            self.database = try Database(path: path)
        } catch let error where error.isDatabaseLocked {
            throw CacheError(
                .locked, path: path, reason: "another process has it open (\(error.message)); close that process and try again",
                underlying: error)
        } catch {
            throw CacheError(.openFailed, path: path, reason: error.message, underlying: error)
        }
        self.path = path
        self.schema = schema
    }

    /// The version of DuckDB the cache is written with, for example `v1.5.6`.
    public var duckDBVersion: String { Database.libraryVersion }

    /// The cache's tables in its schema, sorted by name.
    public func tableNames() throws(DuckDBError) -> [String] {
        let connection = try database.connect()
        let result = try connection.query(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = ? ORDER BY table_name", .varchar(schema))
        return try result.rows().compactMap { $0.first?.string }
    }
}
