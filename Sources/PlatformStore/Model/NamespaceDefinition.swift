/// Where a connection's tables go in the destination: Airbyte's `namespaceDefinition`.
package enum NamespaceDefinition: String, Sendable, Hashable, Codable, CaseIterable {
    /// The source's namespace for each stream.
    case source
    /// The destination's default (its configured schema).
    case destination
    /// ``SavedConnection/namespaceFormat``, with `${SOURCE_NAMESPACE}` replaced.
    case customFormat = "custom_format"
}
