import Foundation
import Synchronization

extension Cache {
    /// The cache at ``defaultPath`` (`.swiftbyte/cache.duckdb` in the current
    /// directory), created if missing: what `swiftbyte read` uses.
    ///
    /// ```swift
    /// let result = try await source.read(into: Cache.default)
    /// ```
    ///
    /// A computed property, not a stored `static let`: a cache holds its DuckDB
    /// file open (and locked against other processes) while it lives, and opening
    /// can fail, so it is opened on first use and closed once nothing holds it.
    /// While some code holds it, every access returns that same instance: one
    /// file is never opened twice in a process. The path is resolved against the
    /// current directory at each access.
    ///
    /// - Throws: ``CacheError`` when the file cannot be opened.
    public static var `default`: Cache {
        get throws(CacheError) {
            let path = URL(fileURLWithPath: defaultPath).standardizedFileURL.path
            return try openDefault.withLock { (open) throws(CacheError) -> Cache in
                if let cache = open.cache, cache.path == path { return cache }
                let cache = try Cache(path: path)
                open.cache = cache
                return cache
            }
        }
    }

    /// The default cache while someone holds it.
    private struct WeakCache: ~Copyable {
        weak var cache: Cache?
    }

    private static let openDefault = Mutex(WeakCache())

    /// Opens the cache at `path`, which must exist: for looking at a cache
    /// without creating an empty one by mistake.
    /// - Throws: ``CacheError`` when there is no file at `path`, or it cannot be opened.
    public convenience init(existingAt path: String, schema: String = "main") throws(CacheError) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw CacheError(.notFound, path: path, reason: "there is no such file; read a source into it first")
        }
        try self.init(path: path, schema: schema)
    }
}
