import AirbyteProtocol
import ConnectorKit
public import DestinationKit
import DuckDB
import DuckDBDestination
import Logging

extension Source {
    /// Reads the selected streams into `cache`: one table per stream (laid out
    /// by the DuckDB destination, in the cache's own open database), resuming
    /// from the states the previous read saved, and saving each STATE once the
    /// cache has committed the records before it.
    ///
    /// Streams that support it are read incrementally (deduplicated by their
    /// primary key, or appended); the rest are replaced. With `fullRefresh`,
    /// every stream is read from the start without saved state and its table
    /// replaced once the stream completes.
    ///
    /// `progress`, when given, counts records and saved states as they
    /// happen, for a display (see ``ReadProgress``). With `basicNormalization`,
    /// nested objects flatten into columns and arrays of objects into child
    /// tables, as destination-duckdb's `basic_normalization` does.
    ///
    /// ```swift
    /// let cache = try Cache()
    /// let result = try await source.read(into: cache)
    /// print(result["users"]?.recordCount ?? 0)
    /// ```
    ///
    /// - Throws: ``SourceError`` when the source fails (the records and states
    ///   committed before stay, and the next read resumes from them); a
    ///   `WriteRunError` when writing to the cache fails; `CancellationError`.
    public func read(
        into cache: Cache, fullRefresh: Bool = false, basicNormalization: Bool = false,
        progress: ReadProgress = ReadProgress()
    ) async throws -> ReadResult {
        let started = ContinuousClock.now
        let bookkeeping = try CacheBookkeeping(database: cache.database, schema: cache.schema)
        let builder = CatalogBuilder(fullRefresh: fullRefresh, previousGenerations: try bookkeeping.generations(source: name))
        let catalog = try await configuredCatalog(builder)
        let states = fullRefresh ? [] : try bookkeeping.states(source: name)

        // The DuckDB destination names each stream's table the same way.
        let streamNames = catalog.streams.map { NameNormalizer.StreamName(namespace: $0.stream.namespace, name: $0.stream.name) }
        let tables = NameNormalizer().tableNames(for: streamNames, defaultSchema: cache.schema)
        var tableNames: [StreamDescriptor: String] = [:]
        for (configured, stream) in zip(catalog.streams, streamNames) {
            tableNames[configured.streamDescriptor] = tables[stream]?.description ?? stream.name
        }

        var destinationLog = runner.logger
        destinationLog[metadataKey: "destination"] = "cache"
        // No saved state ever belongs to an unfinished overwrite (see HeldStates), so a retried
        // overwrite reads from the start and must not resume into an earlier attempt's rows.
        let destination = try DuckDBDestination(
            config: [
                "destination_path": .string(cache.path), "schema": .string(cache.schema),
                "basic_normalization": .bool(basicNormalization),
            ],
            database: cache.database, resumesOverwrites: false, log: destinationLog)
        let sourceName = name
        let counter = progress.begin(catalog)
        defer { progress.finish() }
        let held = HeldStates(catalog)
        let summary = try await withMessages(catalog: catalog, state: states) { messages in
            try WriteRun.run(
                writer: try destination.makeWriter(catalog: catalog), catalog: catalog,
                input: ObservedMessages(messages, counter: counter),
                policy: destination.commitPolicy, log: destinationLog
            ) { acknowledged in
                guard !held.hold(acknowledged.state) else { return }
                try bookkeeping.save(acknowledged.state, source: sourceName, tableNames: tableNames)
                progress.stateSaved()
            }
        }
        let completed = Set(zip(catalog.streams, summary.streams).compactMap { $1.completedAfter == nil ? nil : $0.streamDescriptor })
        for state in held.releasable(completed: completed) {
            try bookkeeping.save(state, source: name, tableNames: tableNames)
            progress.stateSaved()
        }
        try bookkeeping.saveGenerations(
            catalog.streams.filter { completed.contains($0.streamDescriptor) },
            source: name, tableNames: tableNames)
        progress.finish()
        let timings = progress.snapshot().streams
        let duration = ContinuousClock.now - started
        return ReadResult(
            streams: zip(catalog.streams, zip(summary.streams, timings)).map { configured, outcome in
                let (written, timing) = outcome
                return ReadResult.Stream(
                    descriptor: configured.streamDescriptor, recordCount: written.recordCount,
                    duration: timing.duration,
                    tableName: tableNames[configured.streamDescriptor] ?? configured.stream.name,
                    syncMode: configured.syncMode)
            },
            savedStates: summary.acknowledgedStates, duration: duration)
    }
}

extension SourceMessages: MessageInput {}
