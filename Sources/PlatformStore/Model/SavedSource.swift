package import AirbyteProtocol
package import Foundation

/// A source saved in a workspace: a definition plus its configuration.
///
/// ``configuration`` is as stored: the fields the connector's specification
/// marks `airbyte_secret` hold encrypted envelopes, never the plain secret
/// (the domain encrypts before saving and decrypts only to run the connector).
package struct SavedSource: Sendable, Hashable {
    /// Its id (Airbyte's `sourceId`).
    package var id: SourceID
    /// The workspace it belongs to.
    package var workspaceID: WorkspaceID
    /// The connector it runs.
    package var definitionID: DefinitionID
    /// Its name.
    package var name: String
    /// The connector's configuration, secrets encrypted.
    package var configuration: JSONValue
    /// Whether it was deleted (a tombstone, hidden from lists by default).
    package var isDeleted: Bool
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// A source.
    package init(
        id: SourceID = SourceID(), workspaceID: WorkspaceID, definitionID: DefinitionID, name: String,
        configuration: JSONValue, isDeleted: Bool = false, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.workspaceID = workspaceID
        self.definitionID = definitionID
        self.name = name
        self.configuration = configuration
        self.isDeleted = isDeleted
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
    }
}
