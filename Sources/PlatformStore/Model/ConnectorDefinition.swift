package import Foundation

/// A connector the platform knows how to run: its name and how it runs.
///
/// Airbyte's `sourceType` / `destinationType` name a definition by its
/// ``type``: `faker` is `source-faker` from PyPI, `duckdb` the built-in
/// `destination-duckdb`, any other `NAME` is `airbyte-source-NAME` from PyPI
/// (see the domain's definition catalog).
package struct ConnectorDefinition: Sendable, Hashable {
    /// A source or a destination.
    package enum Kind: String, Sendable, Hashable, Codable, CaseIterable {
        case source
        case destination
    }

    /// Its id (Airbyte's `definitionId`).
    package var id: DefinitionID
    /// Source or destination.
    package var kind: Kind
    /// The connector's name, such as `source-faker`.
    package var name: String
    /// Airbyte's short type, such as `faker` (`sourceType`) or `duckdb` (`destinationType`).
    package var type: String
    /// A name for people, such as `Faker`.
    package var displayName: String
    /// How it runs.
    package var runtime: ConnectorRuntime
    /// The workspace of a custom definition; `nil` for one every workspace sees.
    package var workspaceID: WorkspaceID?
    /// When it was created.
    package var createdAt: Date
    /// When it last changed.
    package var updatedAt: Date

    /// A definition.
    package init(
        id: DefinitionID = DefinitionID(), kind: Kind, name: String, type: String, displayName: String,
        runtime: ConnectorRuntime, workspaceID: WorkspaceID? = nil, createdAt: Date = Date(), updatedAt: Date? = nil
    ) {
        self.id = id
        self.kind = kind
        self.name = name
        self.type = type
        self.displayName = displayName
        self.runtime = runtime
        self.workspaceID = workspaceID
        self.createdAt = createdAt.wholeMilliseconds
        self.updatedAt = (updatedAt ?? createdAt).wholeMilliseconds
    }
}
