/// A platform operation failed. Shaped like postgres-nio's `PSQLError`: a
/// ``code`` the API maps to an HTTP status, a ``message`` safe to show a
/// client (secrets masked), the ``underlying`` error, and a
/// ``debugDescription`` for the server's log.
package struct PlatformError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// No such workspace, source, destination, connection, definition or job (HTTP 404).
        package static let notFound = Code(name: "notFound")
        /// The request is wrong: an unknown `sourceType`, a configuration that breaks
        /// the connector's specification, a stream or sync mode the source lacks (HTTP 400/422).
        package static let invalidInput = Code(name: "invalidInput")
        /// The request conflicts with what exists (HTTP 409).
        package static let conflict = Code(name: "conflict")
        /// The connector could not be installed or started, or failed (HTTP 502-ish).
        package static let connectorFailed = Code(name: "connectorFailed")
        /// The metadata store failed (HTTP 500/503).
        package static let storeFailed = Code(name: "storeFailed")
        /// A stored secret cannot be decrypted: the secret key changed (HTTP 500).
        package static let secretUnavailable = Code(name: "secretUnavailable")
        /// The code's name, such as `notFound`.
        package var description: String { name }
    }

    /// What kind of failure it is.
    package var code: Code
    /// What happened, safe to show a client.
    package var message: String
    /// Each problem, when there are several (a configuration's, one per setting).
    package var problems: [String]
    /// The error behind it.
    package var underlying: (any Error)?

    package init(_ code: Code, message: String, problems: [String] = [], underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.problems = problems
        self.underlying = underlying
    }

    package var description: String {
        problems.isEmpty ? message : message + "\n" + problems.map { "  - \($0)" }.joined(separator: "\n")
    }

    package var debugDescription: String {
        var text = "PlatformError(\(code)): \(description)"
        if let underlying { text += "\n  underlying: \(String(reflecting: underlying))" }
        return text
    }
}
