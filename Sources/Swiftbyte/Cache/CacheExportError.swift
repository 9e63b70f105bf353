/// An export of a stream's table failed; any earlier file at ``path`` is as it was.
///
/// ``description`` says what failed for a person; ``debugDescription`` adds
/// the code and the underlying error (DuckDB's, or the system's `errno`).
public struct CacheExportError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// DuckDB could not write the file beside ``CacheExportError/path``.
        public static let writeFailed = Code("writeFailed")
        /// The file was written but could not be renamed into place.
        public static let moveFailed = Code("moveFailed")
    }

    /// What kind of failure it is.
    public var code: Code
    /// Where the file was to go.
    public var path: String
    /// Why: DuckDB's message or the system's.
    public var reason: String
    /// The error this one comes from: a `DuckDBError`, or an `Errno`.
    public var underlying: (any Error)?

    init(_ code: Code, path: String, reason: String, underlying: (any Error)?) {
        self.code = code
        self.path = path
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String { "cannot write the export to \(path): \(reason)" }

    public var debugDescription: String {
        var text = "CacheExportError(code: \(code), path: \(String(reflecting: path)), reason: \(String(reflecting: reason))"
        if let underlying { text += ", underlying: \(String(reflecting: underlying))" }
        return text + ")"
    }
}
