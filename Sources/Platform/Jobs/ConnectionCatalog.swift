import AirbyteProtocol
import Foundation
import PlatformStore
import Swiftbyte

/// The configured catalog a saved connection's job hands Swiftbyte: each
/// selected stream with its schema (from the connection's catalog), modes,
/// cursor, key and generation.
///
/// Generations follow Swiftbyte's `sync`: a stream whose table is replaced —
/// an overwrite, or a stream being refreshed or cleared — gets the job's new
/// generation as both its generation and minimum generation (the destination
/// swaps the new rows in only once the stream completes, and a retried attempt
/// starts a newer generation instead of resuming into a failed one's rows);
/// other streams keep generation 0 and every row.
enum ConnectionCatalog {
    /// A stream the connection syncs is no longer in its catalog, or lacks what its mode needs.
    struct Invalid: Error, CustomStringConvertible {
        var description: String
    }

    static func configured(
        _ connection: SavedConnection, streams only: Set<StreamDescriptor>? = nil,
        replacing: Set<StreamDescriptor>, generation: Int64, syncID: Int64
    ) throws -> ConfiguredAirbyteCatalog {
        let catalog = try connection.decodedCatalog()?.streams ?? []
        var configured: [ConfiguredAirbyteStream] = []
        for stream in connection.selectedStreams {
            let descriptor = StreamDescriptor(name: stream.name, namespace: stream.namespace)
            if let only, !only.contains(descriptor) { continue }
            guard let schema = catalog.first(where: { $0.streamDescriptor == descriptor }) else {
                throw Invalid(
                    description: """
                        stream \(descriptor) is no longer in the connection's catalog: refresh the connection's schema
                        """)
            }
            let mode = stream.syncMode
            let cursor: [String]? =
                mode.syncMode == .incremental
                ? (schema.sourceDefinedCursor == true ? schema.defaultCursorField : (stream.cursorField ?? schema.defaultCursorField))
                : nil
            let primaryKey = (stream.primaryKey ?? schema.sourceDefinedPrimaryKey ?? []).filter { !$0.isEmpty }
            let replaces =
                mode.destinationSyncMode == .overwrite || mode == .fullRefreshOverwriteDeduped
                || replacing.contains(descriptor)
            configured.append(
                ConfiguredAirbyteStream(
                    stream: schema, syncMode: mode.syncMode, cursorField: cursor, destinationSyncMode: mode.destinationSyncMode,
                    destinationObjectName: stream.destinationObjectName, primaryKey: primaryKey.isEmpty ? nil : primaryKey,
                    generationId: replaces ? generation : 0, minimumGenerationId: replaces ? generation : 0, syncId: syncID))
        }
        return ConfiguredAirbyteCatalog(streams: configured)
    }

    /// Where the connection's streams land, as Airbyte names them: the
    /// namespace from `namespaceDefinition` (`source`: the stream's own;
    /// `destination`: none, so the destination's default schema;
    /// `custom_format`: `namespaceFormat` with `${SOURCE_NAMESPACE}` replaced,
    /// none when that is empty) and the name with `prefix` in front.
    static func renaming(_ connection: SavedConnection) -> StreamRenaming {
        var names: [StreamDescriptor: StreamDescriptor] = [:]
        for stream in connection.selectedStreams {
            let source = StreamDescriptor(name: stream.name, namespace: stream.namespace)
            names[source] = StreamDescriptor(
                name: connection.prefix + stream.name,
                namespace: destinationNamespace(of: stream.namespace, in: connection))
        }
        return StreamRenaming(names)
    }

    /// The destination's namespace of a stream whose source namespace is `namespace`.
    static func destinationNamespace(of namespace: String?, in connection: SavedConnection) -> String? {
        switch connection.namespaceDefinition {
        case .source: return namespace
        case .destination: return nil
        case .customFormat:
            let format = connection.namespaceFormat ?? ""
            let resolved = format.replacingOccurrences(of: "${SOURCE_NAMESPACE}", with: namespace ?? "")
            return resolved.isEmpty ? nil : resolved
        }
    }

    /// The catalog of a clear: each stream replaced by nothing (overwrite, a new generation, no records).
    static func clearing(
        _ connection: SavedConnection, streams: Set<StreamDescriptor>?, generation: Int64,
        syncID: Int64
    ) throws -> ConfiguredAirbyteCatalog {
        var catalog = try configured(connection, streams: streams, replacing: [], generation: generation, syncID: syncID)
        for index in catalog.streams.indices {
            catalog.streams[index].syncMode = .fullRefresh
            catalog.streams[index].cursorField = nil
            catalog.streams[index].destinationSyncMode = .overwrite
            catalog.streams[index].generationId = generation
            catalog.streams[index].minimumGenerationId = generation
        }
        return catalog
    }
}
