package import AirbyteProtocol
package import Foundation

/// A source's `discover` result, cached so the API can list streams without
/// running the connector each time (`ignoreCache` runs it again).
package struct DiscoveredCatalog: Sendable, Hashable {
    /// The source.
    package var sourceID: SourceID
    /// The catalog.
    package var catalog: AirbyteCatalog
    /// A digest of the configuration it was discovered with: a changed
    /// configuration makes the cache stale.
    package var configurationHash: String
    /// When it was discovered.
    package var discoveredAt: Date

    /// A cached catalog.
    package init(sourceID: SourceID, catalog: AirbyteCatalog, configurationHash: String, discoveredAt: Date = Date()) {
        self.sourceID = sourceID
        self.catalog = catalog
        self.configurationHash = configurationHash
        self.discoveredAt = discoveredAt.wholeMilliseconds
    }
}
