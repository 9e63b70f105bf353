/// Why a manifest could not be loaded or used, in the shape of postgres-nio's `PSQLError`:
/// a `code` to switch on, where in the manifest it happened, a safe `description` and a
/// detailed `debugDescription`.
public struct ManifestError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What went wrong, extensible without breaking callers.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }

        /// The file is not valid YAML, or not a mapping at its root.
        public static let invalidYAML = Code("invalidYAML")
        /// A `#/…` reference names nothing in the manifest.
        public static let undefinedReference = Code("undefinedReference")
        /// A `#/…` reference leads back to itself.
        public static let circularReference = Code("circularReference")
        /// A component or field does not have the shape the component schema requires.
        public static let invalidComponent = Code("invalidComponent")
        /// A component needs Python code (`Custom*`, `class_name`) or is not implemented natively.
        public static let unsupportedComponent = Code("unsupportedComponent")

        public var description: String { name }
    }

    /// What went wrong.
    public var code: Code
    /// Where: a path into the resolved manifest such as `streams[2].retriever.paginator`.
    public var path: String
    /// What a user needs to know to fix it.
    public var message: String
    /// The error underneath, if any (a YAML parser error).
    public var underlying: (any Error)?

    public init(_ code: Code, at path: String, _ message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        path.isEmpty ? message : "\(message) (at \(path))"
    }

    public var debugDescription: String {
        var text = "ManifestError(\(code)) at \(path.isEmpty ? "<root>" : path): \(message)"
        if let underlying { text += "; underlying: \(String(reflecting: underlying))" }
        return text
    }
}
