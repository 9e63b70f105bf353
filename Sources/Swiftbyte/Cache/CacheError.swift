/// The cache cannot be opened, or what it keeps cannot be read.
///
/// ``description`` is for a person: what is wrong and what to do, with no
/// secret in it. ``debugDescription`` adds the code and the underlying error
/// (DuckDB's, the file system's, the JSON parser's) for whoever debugs it.
public struct CacheError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// The cache's folder cannot be created.
        public static let folderNotCreated = Code("folderNotCreated")
        /// Another process has the file open.
        public static let locked = Code("locked")
        /// DuckDB cannot open the file (not a DuckDB file, no permission, …).
        public static let openFailed = Code("openFailed")
        /// There is no cache at the path (``Cache/init(existingAt:schema:)``).
        public static let notFound = Code("notFound")
        /// A saved state in the cache is not a valid STATE message.
        public static let invalidSavedState = Code("invalidSavedState")
    }

    /// What kind of failure it is.
    public var code: Code
    /// The cache file.
    public var path: String
    /// Why, and what to do.
    public var reason: String
    /// The error this one comes from, when there is one.
    public var underlying: (any Error)?

    init(_ code: Code, path: String, reason: String, underlying: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String {
        code == .invalidSavedState ? "the cache \(path) cannot be used: \(reason)" : "cannot open the cache \(path): \(reason)"
    }

    public var debugDescription: String {
        var text = "CacheError(code: \(code), path: \(String(reflecting: path)), reason: \(String(reflecting: reason))"
        if let underlying { text += ", underlying: \(String(reflecting: underlying))" }
        return text + ")"
    }
}
