package import Foundation

/// A typed identity: a UUID that knows what it names, so a source's id cannot
/// be passed where a destination's is expected.
///
/// ```swift
/// let id = SourceID()                                  // a new random id
/// let parsed = SourceID("dfd88b22-b603-4c3d-aad7-3701784586b1")
/// print(id)                                            // lowercase, as Airbyte writes ids
/// ```
package struct Identifier<Subject>: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The UUID.
    package var uuid: UUID

    /// A new random id, or the id `uuid`.
    package init(_ uuid: UUID = UUID()) {
        self.uuid = uuid
    }

    /// The id written as `text` (any case); `nil` when it is not a UUID.
    package init?(_ text: String) {
        guard let uuid = UUID(uuidString: text) else { return nil }
        self.uuid = uuid
    }

    /// The id in lowercase, as Airbyte's API writes it.
    package var description: String { uuid.uuidString.lowercased() }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }
}

/// Names a ``Workspace``.
package typealias WorkspaceID = Identifier<Workspace>
/// Names a ``ConnectorDefinition``.
package typealias DefinitionID = Identifier<ConnectorDefinition>
/// Names a ``SavedSource``.
package typealias SourceID = Identifier<SavedSource>
/// Names a ``SavedDestination``.
package typealias DestinationID = Identifier<SavedDestination>
/// Names a ``SavedConnection``.
package typealias ConnectionID = Identifier<SavedConnection>
/// Names an ``APIApplication``.
package typealias ApplicationID = Identifier<APIApplication>

/// Names a ``Job``: a number that grows with each job, as Airbyte's job ids do.
package struct JobID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The number.
    package var rawValue: Int64

    /// The job numbered `rawValue`.
    package init(_ rawValue: Int64) {
        self.rawValue = rawValue
    }

    package var description: String { String(rawValue) }

    package static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}
