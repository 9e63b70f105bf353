/// A store operation failed. Shaped like postgres-nio's `PSQLError`: a
/// ``code`` to act on, the ``underlying`` database error, a ``description``
/// safe to show anyone (no SQL, no values) and a ``debugDescription`` for logs.
package struct StoreError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// What kind of failure it is.
    package struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        /// The database cannot be opened or reached.
        package static let unavailable = Code(name: "unavailable")
        /// Migrating the schema failed; nothing of that migration was applied.
        package static let migrationFailed = Code(name: "migrationFailed")
        /// The database was migrated by a newer Swiftbyte: this one does not know its schema.
        package static let schemaTooNew = Code(name: "schemaTooNew")
        /// A row that should exist does not.
        package static let notFound = Code(name: "notFound")
        /// A row would break a uniqueness rule (an id or a client id taken).
        package static let conflict = Code(name: "conflict")
        /// The worker no longer holds the job's lease: another took the job over,
        /// or it ended. The worker must stop the attempt.
        package static let leaseLost = Code(name: "leaseLost")
        /// A stored row cannot be read back.
        package static let corruptRow = Code(name: "corruptRow")
        /// A value cannot be stored.
        package static let invalidValue = Code(name: "invalidValue")
        /// The database reported another error.
        package static let databaseError = Code(name: "databaseError")
        /// The code's name, such as `notFound`.
        package var description: String { name }
    }

    /// What kind of failure it is.
    package var code: Code
    /// What happened, safe to show.
    package var message: String
    /// The database's error, if one.
    package var underlying: (any Error)?

    package init(_ code: Code, message: String, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// `message` alone: no SQL, no values.
    package var description: String { message }

    /// The code, the message and the underlying error in full (for logs, not for API clients).
    package var debugDescription: String {
        var text = "StoreError(\(code)): \(message)"
        if let underlying { text += "\n  underlying: \(String(reflecting: underlying))" }
        return text
    }
}
