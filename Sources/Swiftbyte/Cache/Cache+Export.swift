import DuckDB
import Foundation
import SystemPackage

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
    ///   those it holds) or its table is missing; ``CacheExportError`` when
    ///   DuckDB cannot write the file, or it cannot be moved into place.
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
        let rows: Int
        do {
            rows = try connection.execute("COPY (SELECT * FROM \(table)) TO \(SQL.literal(partial)) (\(format.copyOptions))")
        } catch {
            throw CacheExportError(.writeFailed, path: path, reason: error.message, underlying: error)
        }
        guard rename(partial, destination.path) == 0 else {
            let failure = Errno(rawValue: errno)
            throw CacheExportError(.moveFailed, path: path, reason: String(cString: strerror(failure.rawValue)), underlying: failure)
        }
        return rows
    }
}
