package import AirbyteProtocol
import Foundation
package import PlatformStore
import Swiftbyte

extension PlatformService {
    /// Runs the source connector's `check` with a configuration that is not
    /// saved yet (a form's "Test connection"), after checking it against the
    /// connector's specification; nothing is stored. Editing a saved source
    /// (`replacing`), a secret sent as `**********` is that source's stored one.
    ///
    /// - Throws: ``PlatformError`` `invalidInput` (with every problem) when the
    ///   configuration breaks the specification, `notFound`; a connector that
    ///   cannot connect is a ``CheckResult``, not an error.
    package func checkSource(
        definition reference: DefinitionReference, configuration: JSONValue,
        workspace: WorkspaceID? = nil, replacing id: SourceID? = nil
    ) async throws -> CheckResult {
        var previous: SavedSource?
        if let id { previous = try await existingSource(id) }
        let workspace = try await self.workspace(previous?.workspaceID ?? workspace)
        let definition =
            if let previous { try await existingDefinition(previous.definitionID) } else {
                try await self.definition(reference, kind: .source, workspace: workspace.id)
            }
        let stored = try await storableConfiguration(configuration, definition: definition, previous: previous?.configuration)
        let source = SavedSource(
            workspaceID: workspace.id, definitionID: definition.id, name: "check", configuration: stored,
            createdAt: now)
        return try await check(definition) {
            try await resolveSource(source, definition: definition, logger: connectorLogger(definition.name)).check()
        }
    }

    /// Runs the destination connector's `check` with a configuration that is not saved yet (see ``checkSource(definition:configuration:workspace:replacing:)``).
    package func checkDestination(
        definition reference: DefinitionReference, configuration: JSONValue,
        workspace: WorkspaceID? = nil, replacing id: DestinationID? = nil
    ) async throws -> CheckResult {
        var previous: SavedDestination?
        if let id { previous = try await existingDestination(id) }
        let workspace = try await self.workspace(previous?.workspaceID ?? workspace)
        let definition =
            if let previous { try await existingDefinition(previous.definitionID) } else {
                try await self.definition(reference, kind: .destination, workspace: workspace.id)
            }
        let stored = try await storableConfiguration(configuration, definition: definition, previous: previous?.configuration)
        let destination = SavedDestination(
            workspaceID: workspace.id, definitionID: definition.id, name: "check",
            configuration: stored, createdAt: now)
        return try await check(definition) {
            try await resolveDestination(destination, definition: definition, logger: connectorLogger(definition.name)).check()
        }
    }
}
