import DuckDB
import Foundation

extension Cache {
    /// Writes the table of `stream` (of `source`, needed only when several
    /// sources have a stream of that name) to the file at `path`, every row
    /// and column, with DuckDB's `COPY`. The file appears only once complete:
    /// DuckDB writes beside it, then it is renamed into place, so a failed
    /// export leaves any earlier file at `path` as it was.
    ///
    /// ```swift
    /// let rows = try cache.export(stream: "users", to: "users.parquet", format: .parquet)
    /// ```
    ///
    /// - Returns: the rows written.
    /// - Throws: ``CacheStreamError`` when the cache holds no such stream (listing
    ///   those it holds) or its table is missing; ``DuckDBError`` when DuckDB
    ///   cannot write the file; ``CacheExportError`` when it cannot be moved into place.
    @discardableResult
    public func export(stream: String, source: String? = nil, to path: String, format: ExportFormat) throws -> Int {
        let cached = try self.stream(named: stream, source: source)
        let connection = try database.connect()
        guard let table = try Self.quotedTable(cached.tableName, connection: connection) else {
            throw CacheStreamError(.missingTable, stream: stream, source: cached.source, tableName: cached.tableName)
        }
        let destination = URL(fileURLWithPath: path)
        let partial = destination.deletingLastPathComponent()
            .appendingPathComponent(".\(destination.lastPathComponent).\(UUID().uuidString).partial").path
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let rows = try connection.execute("COPY (SELECT * FROM \(table)) TO \(SQL.literal(partial)) (\(format.copyOptions))")
        guard rename(partial, destination.path) == 0 else {
            throw CacheExportError(path: path, reason: String(cString: strerror(errno)))
        }
        return rows
    }
}

/// An export was written but could not be moved to its path.
public struct CacheExportError: Error, Sendable, CustomStringConvertible {
    /// Where the file was to go.
    public let path: String
    /// The system's reason.
    public let reason: String
    public var description: String { "cannot write the export to \(path): \(reason)" }
}
