package import AirbyteProtocol
package import Foundation
package import PlatformStore

/// What a new connection between a source and a destination would sync: the
/// source's streams, each in the best mode both sides support.
package struct StreamProposal: Sendable, Hashable {
    /// The source's catalog (discovered now, or cached).
    package var catalog: AirbyteCatalog
    /// When it was discovered.
    package var discoveredAt: Date
    /// Every stream, selected, in its best mode (see ``ConnectionSettings/streams``).
    package var streams: [ConfiguredStream]
    /// The destination sync modes the destination supports; `nil` when its spec lists none (all).
    package var destinationModes: [DestinationSyncMode]?
}

extension PlatformService {
    /// The streams a connection from `source` to `destination` would sync by
    /// default: incremental + deduped where the source offers a cursor and a
    /// primary key, incremental + append with a cursor alone, else full refresh.
    /// Runs `discover` unless the source's catalog is cached (or `ignoreCache`).
    package func proposeStreams(
        source sourceID: SourceID, destination destinationID: DestinationID,
        ignoreCache: Bool = false
    ) async throws -> StreamProposal {
        let destination = try await existingDestination(destinationID)
        let discovered = try await discoverSource(sourceID, ignoreCache: ignoreCache)
        let modes = try await destinationModes(destination)
        return StreamProposal(
            catalog: discovered.catalog, discoveredAt: discovered.discoveredAt,
            streams: Self.defaultStreams(discovered.catalog, destinationModes: modes), destinationModes: modes)
    }

    /// The destination sync modes `destination` supports; `nil` when its spec lists none (all are allowed).
    package func supportedDestinationModes(_ destination: DestinationID) async throws -> [DestinationSyncMode]? {
        try await destinationModes(try await existingDestination(destination))
    }
}
