import AirbyteProtocol
import DestinationKit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension Source {
    /// Pipes a read of the selected streams into `destination`, a connector
    /// process: the source's RECORD, STATE and stream-status lines (of the
    /// selected streams) go unchanged to the destination's stdin; its LOG and
    /// TRACE lines go to its log; every STATE it echoes — and only those, never
    /// the source's own — is saved in `states`, from which the next sync resumes.
    ///
    /// The catalog is built as for ``read(into:fullRefresh:basicNormalization:progress:)``, except
    /// that a replaced (overwrite) stream gets the sync's id as its generation
    /// and is read without its saved state: the destination's generations are
    /// not known here, and a new one per attempt keeps a destination from
    /// resuming into the rows of an attempt that failed. A slow
    /// destination slows the source: the pipe between them fills and the
    /// source waits, so memory stays bounded. When either process fails, the
    /// other is stopped (SIGTERM to its process group, SIGKILL after the grace
    /// period) and the error names the one that failed.
    ///
    /// SIGPIPE is ignored in the process from the first sync on (set once, as
    /// swift-nio does), so a destination that exits early is seen as a failed
    /// write instead of ending the process.
    ///
    /// - Throws: ``SourceError`` naming the source (`read`) or the destination
    ///   (`write`) with its TRACE message; ``SyncError`` when the destination
    ///   ended without reading all input; what `states` throws; `CancellationError`.
    public func sync(
        to destination: DestinationConnector, states store: any SyncStateStore, fullRefresh: Bool = false,
        progress: ReadProgress = ReadProgress()
    ) async throws -> SyncResult {
        var builder = CatalogBuilder(fullRefresh: fullRefresh)
        builder.fullRefreshGeneration = builder.syncID
        return try await sync(
            to: destination, catalog: try await configuredCatalog(builder), states: store,
            resume: !fullRefresh, progress: progress)
    }

    /// Pipes a read of `catalog` — its streams configured by the caller (sync
    /// modes, cursors, keys, generations; the platform builds it from a saved
    /// connection) — into `destination`, as ``sync(to:states:fullRefresh:progress:)``
    /// does: every STATE the destination echoes, and only those, is saved in
    /// `states`; a stream the destination overwrites is read without its saved state.
    ///
    /// `progress` also counts each stream's bytes and what the destination
    /// committed (the records before each acknowledged STATE; all of them once
    /// the sync succeeded), for a caller that reports a failed sync's counts.
    ///
    /// `renaming` names the streams the destination writes under other names
    /// (the platform's namespace definition and prefix): the destination gets
    /// the renamed catalog, records, states and stream statuses, and the states
    /// it acknowledges are saved under the source's names.
    ///
    /// - Throws: as ``sync(to:states:fullRefresh:progress:)``.
    public func sync(
        to destination: DestinationConnector, catalog: ConfiguredAirbyteCatalog, states store: any SyncStateStore,
        renaming: StreamRenaming = StreamRenaming(), progress: ReadProgress = ReadProgress()
    ) async throws -> SyncResult {
        try await sync(to: destination, catalog: catalog, states: store, resume: true, renaming: renaming, progress: progress)
    }

    private func sync(
        to destination: DestinationConnector, catalog: ConfiguredAirbyteCatalog, states store: any SyncStateStore,
        resume: Bool, renaming: StreamRenaming = StreamRenaming(), progress: ReadProgress
    ) async throws -> SyncResult {
        let started = ContinuousClock.now
        let (sourceName, destinationName) = (name, destination.name)
        // An overwrite starts over in a new generation each sync, so the state an
        // earlier sync saved for it would make the source skip rows the new table needs.
        let overwrites = catalog.overwriteStreams
        let states =
            !resume
            ? []
            : try store.states(source: sourceName, destination: destinationName).filter { state in
                guard state.effectiveType == .stream, let stream = state.stream?.streamDescriptor else { return true }
                return !overwrites.contains(stream)
            }
        let pipe = try ConnectorProcess.makePipe()
        let input = PipeWriter(descriptor: pipe.write)
        defer { input.closeInput() }

        let forwarded = try await withThrowingTaskGroup(of: SyncSide.self) { group in
            group.addTask {
                do {
                    try await destination.write(catalog: renaming.destinationCatalog(catalog), input: pipe.read) { acknowledged in
                        let state = renaming.toSource(acknowledged)
                        try store.save(state, source: sourceName, destination: destinationName)
                        progress.stateAcknowledged(state)
                    }
                    return .destination(nil)
                } catch {
                    return .destination(error)
                }
            }
            group.addTask {
                do {
                    let counts = try await self.forward(
                        catalog: catalog, state: states, renaming: renaming, to: input, progress: progress)
                    input.closeInput()  // only after success: the destination takes the end of its input as a clean end
                    return .source(.success(counts))
                } catch {
                    return .source(.failure(error))
                }
            }
            var sourceOutcome: Result<[Int], any Error>?
            var firstFailure: (any Error)?
            while let side = try await group.next() {
                switch side {
                case .source(let outcome):
                    sourceOutcome = outcome
                    if case .failure(let error) = outcome {
                        if firstFailure == nil, !(error is DestinationInputClosed) { firstFailure = error }
                        group.cancelAll()
                    }
                case .destination(let error):
                    if let error, firstFailure == nil, !(error is CancellationError) || sourceOutcome == nil { firstFailure = error }
                    if sourceOutcome == nil { group.cancelAll() }
                }
            }
            try Task.checkCancellation()
            if let firstFailure { throw firstFailure }
            switch sourceOutcome {
            case .success(let counts): return counts
            default:
                throw SyncError(
                    .destinationEndedEarly, destination: destinationName,
                    message: """
                        \(destinationName) ended before reading all of \(sourceName)'s records, without reporting an error
                        """)
            }
        }
        progress.allCommitted()
        progress.finish()
        let timings = progress.snapshot()
        return SyncResult(
            streams: zip(catalog.streams, timings.streams).enumerated().map { index, element in
                ReadResult.Stream(
                    descriptor: element.0.streamDescriptor, recordCount: forwarded[index],
                    duration: element.1.duration, tableName: "", syncMode: element.0.syncMode)
            },
            destination: destinationName, savedStates: timings.savedStates, duration: ContinuousClock.now - started)
    }

    /// Reads the source and writes its lines for the destination to `output`
    /// (renamed lines re-encoded, the others as they came);
    /// returns the records forwarded per catalog stream.
    private func forward(
        catalog: ConfiguredAirbyteCatalog, state: [AirbyteStateMessage], renaming: StreamRenaming,
        to output: PipeWriter, progress: ReadProgress
    ) async throws -> [Int] {
        let counter = progress.begin(catalog)
        return try await withMessages(catalog: catalog, state: state) { messages in
            var counts = catalog.streams.map { _ in 0 }
            while let message = try messages.next() {
                let forward: Bool
                var renamed: [UInt8]?
                switch message.content {
                case .record(let record):
                    if let index = counter.index(of: record) {
                        counter.countRecord(index, bytes: message.line.count)
                        counts[index] += 1
                        forward = true
                        if !renaming.isEmpty { renamed = renaming.destinationLine(of: record) }
                    } else {
                        forward = false
                    }
                case .message(let decoded):
                    switch decoded.payload {
                    case .state(let state):
                        counter.noteState(state)
                        forward = true
                    case .trace(let trace) where trace.streamStatus != nil: forward = counter.observe(message)
                    default: forward = false
                    }
                    if forward, !renaming.isEmpty { renamed = Array(renaming.toDestination(decoded).json.jsonText.utf8) }
                }
                if let renamed {
                    output.append(bytes: renamed)
                } else if forward {
                    output.append(message.line)
                }
                if !messages.hasBufferedLine || output.isFull { try output.flush() }
            }
            try output.flush()
            return counts
        }
    }
}

/// How one side of a sync ended.
private enum SyncSide: Sendable {
    case source(Result<[Int], any Error>)
    case destination((any Error)?)
}
