package import AirbyteProtocol
import Foundation
import Logging
package import PlatformStore
import Schedule
import Swiftbyte

extension PlatformService {
    /// Saves a new connection from `source` to `destination` (of one
    /// workspace), its streams checked against the source's catalog (discovered
    /// now if it was never cached) and the destination's supported modes.
    ///
    /// - Throws: ``PlatformError``: `notFound`, `invalidInput` (a stream the source
    ///   lacks, a mode it or the destination does not support, a missing cursor or key).
    package func createConnection(
        source sourceID: SourceID, destination destinationID: DestinationID,
        settings: ConnectionSettings = ConnectionSettings()
    ) async throws -> SavedConnection {
        let source = try await existingSource(sourceID)
        let destination = try await existingDestination(destinationID)
        guard source.workspaceID == destination.workspaceID else {
            throw PlatformError(.invalidInput, message: "source \(sourceID) and destination \(destinationID) are in different workspaces")
        }
        let catalog = try await discoverSource(sourceID).catalog
        let modes = try await destinationModes(destination)
        let sourceDefinition = try await existingDefinition(source.definitionID)
        let destinationDefinition = try await existingDefinition(destination.definitionID)
        var connection = SavedConnection(
            workspaceID: source.workspaceID, name: "\(source.name) → \(destination.name)", sourceID: sourceID,
            destinationID: destinationID, streams: Self.defaultStreams(catalog, destinationModes: modes), catalog: catalog,
            createdAt: now)
        connection = settings.applied(to: connection)
        try Self.validate(
            connection, catalog: catalog, destinationModes: modes,
            names: (sourceDefinition.name, destinationDefinition.name))
        let created = connection
        try await storeCall { try await store.insertConnection(created) }
        connectionObservers.notify()
        logger.info("created a connection", metadata: ["connection": "\(connection.id)"])
        return connection
    }

    /// Changes a connection; new streams are checked against its catalog (refreshed
    /// from the source's cached one when a stream is not in it).
    package func updateConnection(_ id: ConnectionID, settings: ConnectionSettings) async throws -> SavedConnection {
        let previous = try await existingConnection(id)
        var connection = settings.applied(to: previous)
        if connection.schedule != previous.schedule { connection.scheduleUpdatedAt = now }
        if settings.schedule != nil, settings.streams == nil {
            do {
                _ = try connection.schedule.schedule()
            } catch {
                throw PlatformError(.invalidInput, message: "the connection's schedule is not valid", problems: ["schedule: \(error)"])
            }
        }
        if settings.streams != nil {
            var catalog = connection.catalog ?? AirbyteCatalog(streams: [])
            let known = Set(catalog.streams.map(\.streamDescriptor))
            if connection.streams.contains(where: { !known.contains(StreamDescriptor(name: $0.name, namespace: $0.namespace)) }) {
                catalog = try await discoverSource(connection.sourceID).catalog
                connection.catalog = catalog
            }
            let source = try await existingSource(connection.sourceID)
            let destination = try await existingDestination(connection.destinationID)
            try Self.validate(
                connection, catalog: catalog, destinationModes: try await destinationModes(destination),
                names: (
                    try await existingDefinition(source.definitionID).name,
                    try await existingDefinition(destination.definitionID).name
                ))
        }
        connection.updatedAt = now
        let updated = connection
        try await storeCall { try await store.updateConnection(updated) }
        connectionObservers.notify()
        return connection
    }

    /// Deletes a connection (status `deprecated`, kept for its job history) and cancels its waiting and running jobs.
    package func deleteConnection(_ id: ConnectionID) async throws {
        var connection = try await existingConnection(id)
        for job in try await storeCall({ try await store.jobs(JobFilter(connections: [id], statuses: [.pending, .running, .incomplete])) })
        {
            _ = try await cancelJob(job.id)
        }
        connection.status = .deprecated
        connection.updatedAt = now
        let deleted = connection
        try await storeCall { try await store.updateConnection(deleted) }
        connectionObservers.notify()
    }

    /// The connection, not deleted.
    package func existingConnection(_ id: ConnectionID) async throws -> SavedConnection {
        guard let connection = try await storeCall({ try await store.connection(id) }), connection.status != .deprecated else {
            throw PlatformError(.notFound, message: "there is no connection \(id)")
        }
        return connection
    }

    /// The state the connection's next sync resumes from.
    package func connectionState(_ id: ConnectionID) async throws -> [AirbyteStateMessage] {
        _ = try await existingConnection(id)
        return try await storeCall { try await store.connectionStates(id) }
    }

    /// The destination sync modes the destination's spec lists (all, when it lists none).
    func destinationModes(_ destination: SavedDestination) async throws -> [DestinationSyncMode]? {
        let definition = try await existingDefinition(destination.definitionID)
        return try await specification(of: definition).supportedDestinationSyncModes
    }

    /// Every stream of `catalog`, each in the best mode both sides support.
    static func defaultStreams(_ catalog: AirbyteCatalog, destinationModes: [DestinationSyncMode]?) -> [ConfiguredStream] {
        catalog.streams.map { stream in
            let hasKey = !(stream.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty }.isEmpty
            let hasCursor = stream.sourceDefinedCursor == true || !(stream.defaultCursorField ?? []).isEmpty
            let incremental = stream.supportedSyncModes.contains(.incremental)
            let preferences: [ConnectionSyncMode] =
                (incremental && hasKey && hasCursor ? [.incrementalDedupedHistory] : [])
                + (incremental && hasCursor ? [.incrementalAppend] : []) + [.fullRefreshOverwrite, .fullRefreshAppend]
            let mode = preferences.first { destinationModes?.contains($0.destinationSyncMode) ?? true } ?? .fullRefreshAppend
            return ConfiguredStream(name: stream.name, namespace: stream.namespace, syncMode: mode)
        }
    }

    /// Checks each configured stream against the catalog and the destination's modes.
    static func validate(
        _ connection: SavedConnection, catalog: AirbyteCatalog, destinationModes: [DestinationSyncMode]?,
        names: (source: String, destination: String)
    ) throws {
        var problems: [String] = []
        var seen: Set<StreamDescriptor> = []
        let streams = Dictionary(catalog.streams.map { ($0.streamDescriptor, $0) }, uniquingKeysWith: { first, _ in first })
        for configured in connection.streams {
            let descriptor = StreamDescriptor(name: configured.name, namespace: configured.namespace)
            guard seen.insert(descriptor).inserted else {
                problems.append("stream \(descriptor) is configured twice")
                continue
            }
            guard let stream = streams[descriptor] else {
                problems.append(
                    """
                    stream \(descriptor) is not one of \(names.source)'s streams \
                    (\(catalog.streams.map(\.streamDescriptor.description).joined(separator: ", ")))
                    """)
                continue
            }
            guard configured.selected else { continue }
            let mode = configured.syncMode
            if !stream.supportedSyncModes.contains(mode.syncMode) {
                problems.append(
                    "stream \(descriptor) cannot be read \(mode.syncMode.rawValue) (\(mode.rawValue)): \(names.source) supports \(stream.supportedSyncModes.map(\.rawValue).joined(separator: ", "))"
                )
            }
            if let destinationModes, !destinationModes.contains(mode.destinationSyncMode) {
                problems.append(
                    "stream \(descriptor) cannot be written \(mode.destinationSyncMode.rawValue) (\(mode.rawValue)): \(names.destination) supports \(destinationModes.map(\.rawValue).joined(separator: ", "))"
                )
            }
            let primaryKey = (configured.primaryKey ?? stream.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty }
            if mode.needsPrimaryKey, primaryKey.isEmpty {
                problems.append(
                    "stream \(descriptor) needs a primary key for \(mode.rawValue), and \(names.source) defines none: set primaryKey")
            }
            if mode.syncMode == .incremental, stream.supportedSyncModes.contains(.incremental), stream.sourceDefinedCursor != true,
                (configured.cursorField ?? stream.defaultCursorField ?? []).isEmpty
            {
                problems.append("stream \(descriptor) needs a cursor field for \(mode.rawValue): set cursorField")
            }
        }
        if connection.selectedStreams.isEmpty { problems.append("no stream is selected") }
        do {
            _ = try connection.schedule.schedule()
        } catch {
            problems.append("schedule: \(error)")
        }
        if connection.namespaceDefinition == .customFormat, (connection.namespaceFormat ?? "").isEmpty {
            problems.append("namespaceDefinition custom_format needs a namespaceFormat")
        }
        guard problems.isEmpty else {
            throw PlatformError(.invalidInput, message: "the connection's streams are not valid", problems: problems)
        }
    }
}
