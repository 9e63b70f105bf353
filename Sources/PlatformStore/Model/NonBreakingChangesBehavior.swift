/// What a connection does when its source's schema changes without breaking
/// it: Airbyte's `nonBreakingSchemaUpdatesBehavior`.
package enum NonBreakingChangesBehavior: String, Sendable, Hashable, Codable, CaseIterable {
    /// Keep syncing the configured streams and columns.
    case ignore
    /// Disable the connection until someone looks.
    case disableConnection = "disable_connection"
    /// Add new columns to the configured streams.
    case propagateColumns = "propagate_columns"
    /// Add new columns and new streams.
    case propagateFully = "propagate_fully"
}
