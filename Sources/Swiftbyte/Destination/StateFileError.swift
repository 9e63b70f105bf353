/// A ``StateFile`` cannot be read or written.
///
/// ``description`` says why for a person; ``debugDescription`` adds the code
/// and the underlying error (the JSON parser's, the file system's).
public struct StateFileError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is. Extensible: compare with the static members.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }

        /// The file exists but cannot be read.
        public static let unreadable = Code("unreadable")
        /// The file is not a JSON array of STATE messages.
        public static let invalid = Code("invalid")
        /// A new version could not be written or renamed into place (the previous one is whole).
        public static let writeFailed = Code("writeFailed")
    }

    /// What kind of failure it is.
    public var code: Code
    /// The file.
    public var path: String
    /// What is wrong.
    public var reason: String
    /// The error this one comes from, when there is one.
    public var underlying: (any Error)?

    init(_ code: Code, path: String, reason: String, underlying: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.reason = reason
        self.underlying = underlying
    }

    public var description: String { "the state file \(path) cannot be used: \(reason)" }

    public var debugDescription: String {
        var text = "StateFileError(code: \(code), path: \(String(reflecting: path)), reason: \(String(reflecting: reason))"
        if let underlying { text += ", underlying: \(String(reflecting: underlying))" }
        return text + ")"
    }
}
