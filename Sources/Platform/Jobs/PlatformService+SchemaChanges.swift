import AirbyteProtocol
import Logging
import PlatformStore

extension PlatformService {
    /// Airbyte's schema refresh at the start of a sync: discovers the source
    /// again and acts on what changed since the connection's streams were
    /// chosen, as its `nonBreakingChangesBehavior` says.
    ///
    /// - `ignore`: no discover; the connection syncs as configured.
    /// - `disable_connection`: any change disables the connection.
    /// - `propagate_columns`: the configured streams take their new schemas (new
    ///   columns flow to the destination); new streams are not added.
    /// - `propagate_fully`: the same, plus new streams selected in their default
    ///   mode and streams gone from the source dropped.
    ///
    /// A breaking change (a selected stream, its cursor or its key gone)
    /// disables the connection whatever the behaviour but `ignore`.
    ///
    /// - Returns: the connection to sync, saved with its new catalog and streams.
    /// - Throws: ``SchemaChangeRefused`` when the connection was disabled; the
    ///   source's discover failure, tagged with the source.
    func refreshSchema(of connection: SavedConnection, log: AttemptLog?) async throws -> SavedConnection {
        guard connection.nonBreakingChangesBehavior != .ignore, let old = connection.catalog else { return connection }
        let discovered: AirbyteCatalog
        do {
            discovered = try await discoverSource(connection.sourceID, ignoreCache: true).catalog
        } catch {
            throw AttemptFailure.Tagged(origin: .source, error: error)
        }
        let change = SchemaChange(from: old, to: discovered, connection: connection)
        guard !change.isEmpty else { return connection }
        log?.write("the source's schema changed: \(change.summary)")
        var updated = connection
        updated.updatedAt = now
        if !change.breaking.isEmpty || connection.nonBreakingChangesBehavior == .disableConnection {
            let why =
                change.breaking.isEmpty
                ? "the source's schema changed (\(change.summary)) and the connection is set to disable_connection"
                : "the source's schema changed in a breaking way: \(change.breaking.joined(separator: "; "))"
            updated.status = .inactive
            updated.statusReason = "disabled: \(why); review its streams and enable it again"
            let disabled = updated
            try await storeCall { try await store.updateConnection(disabled) }
            connectionObservers.notify()
            logger.warning("disabled a connection after a schema change", metadata: ["connection": "\(connection.id)"])
            throw SchemaChangeRefused(description: why)
        }
        let known = Set(old.streams.map(\.streamDescriptor))
        let propagateStreams = connection.nonBreakingChangesBehavior == .propagateFully
        updated.catalog = AirbyteCatalog(
            streams: discovered.streams.filter { propagateStreams || known.contains($0.streamDescriptor) })
        if propagateStreams {
            let gone = Set(change.removedStreams)
            updated.streams.removeAll { gone.contains(StreamDescriptor(name: $0.name, namespace: $0.namespace)) }
            let added = AirbyteCatalog(streams: discovered.streams.filter { !known.contains($0.streamDescriptor) })
            let destination = try await existingDestination(connection.destinationID)
            updated.streams += Self.defaultStreams(added, destinationModes: try await destinationModes(destination))
        }
        let saved = updated
        try await storeCall { try await store.updateConnection(saved) }
        log?.write("applied the change (\(connection.nonBreakingChangesBehavior.rawValue))")
        return updated
    }
}
