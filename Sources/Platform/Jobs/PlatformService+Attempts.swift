import AirbyteProtocol
import Foundation
import Logging
import PlatformStore
import Swiftbyte
import Synchronization

extension PlatformService {
    /// Runs the attempt a worker claimed, start to end: its log file, both
    /// connectors through Swiftbyte, a heartbeat that renews the lease and
    /// records counts, and the attempt's end in the store (retry, failure,
    /// cancel, success), then what follows a job's end (disabling, notifications).
    func run(_ claimed: ClaimedJob) async {
        let job = claimed.job
        let lease = claimed.lease
        var logger = self.logger
        logger[metadataKey: "job"] = "\(job.id)"
        logger[metadataKey: "attempt"] = "\(claimed.attempt.number)"
        let log: AttemptLog?
        do {
            log = try AttemptLog(
                path: configuration.absolutePath(
                    claimed.attempt.logPath
                        ?? PlatformConfiguration.logPath(job: job.id, attempt: claimed.attempt.number)))
        } catch {
            logger.error("the attempt's log file cannot be written", metadata: ["error": "\(error)"])
            log = nil
        }
        defer { log?.close() }
        log?.write(
            "attempt \(claimed.attempt.number + 1) of at most \(job.maxAttempts) of \(job.type.rawValue) job \(job.id), connection \(job.connectionID), worker \(lease.owner)"
        )
        logger.info("running an attempt", metadata: ["type": "\(job.type.rawValue)", "connection": "\(job.connectionID)"])

        let progress = ReadProgress()
        let tracker = AttemptTracker()
        let body = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await self.execute(job, lease: lease, log: log, progress: progress, tracker: tracker) }
                group.addTask { try await self.heartbeat(lease, progress: progress, tracker: tracker) }
                // The first to end decides: the attempt's body, or the heartbeat finding the lease lost or a cancel.
                try await group.next()
                group.cancelAll()
            }
        }
        running.register(job.id) { body.cancel() }
        let result = await body.result
        let stopReason = running.reason(job.id) ?? tracker.stopReason
        running.remove(job.id)

        let now = self.now
        let stats = tracker.stats(progress.snapshot())
        let outcome: AttemptOutcome
        switch (result, stopReason) {
        case (_, .leaseLost?):
            log?.write("another worker took this job over (this worker's lease lapsed): the attempt stops here", level: "WARN")
            logger.warning("lost the job's lease; another worker runs it now")
            return
        case (_, .cancelRequested?):
            log?.write("the job was cancelled: both connectors were stopped; the state committed so far is kept")
            outcome = .cancelled(
                FailureReason(
                    origin: .airbytePlatform, type: .manualCancellation,
                    message: "The job was cancelled.", retryable: false, timestamp: now))
        case (_, .shutdown?):
            log?.write(
                "the server is shutting down: the attempt stops here and is retried (it does not count against the job's attempts)",
                level: "WARN")
            outcome = .interrupted(
                FailureReason(
                    origin: .airbytePlatform, type: .transientError,
                    message: "The server shut down while the attempt ran; it is retried without using up an attempt.",
                    retryable: true, timestamp: now))
        case (.success, nil):
            log?.write("the attempt succeeded: \(StreamStats.total(of: stats).recordsCommitted) records committed")
            outcome = .succeeded
        case (.failure(let error), nil):
            let reason = AttemptFailure.reason(
                for: error, source: tracker.sourceName, destination: tracker.destinationName,
                now: now)
            log?.write("the attempt failed (\(reason.origin.rawValue), \(reason.type.rawValue)): \(reason.message)", level: "ERROR")
            let policy = tracker.retryPolicy ?? configuration.retryPolicy
            let retries = reason.retryable && job.attemptCount < job.maxAttempts
            let retryAt = retries ? now.addingTimeInterval(policy.backoff(afterFailedAttempts: job.attemptCount).timeInterval) : nil
            if let retryAt { log?.write("the job is retried at \(retryAt.ISO8601Format())") }
            outcome = .failed(reason, retryAt: retryAt)
        }
        do {
            // Not cancellable: an attempt stopped for a cancel or a shutdown still records how it ended.
            let ended = try await Task { try await store.finishAttempt(lease, outcome: outcome, streamStats: stats, now: now) }.value
            logger.info("the attempt ended", metadata: ["status": "\(ended.status.rawValue)"])
            if ended.status.isTerminal { await afterJob(ended) }
        } catch {
            logger.error("the attempt's end cannot be recorded", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Renews the lease and records counts every heartbeat; throws to stop the
    /// attempt when the lease was lost or a cancel was asked for (by any process).
    private func heartbeat(_ lease: LeaseToken, progress: ReadProgress, tracker: AttemptTracker) async throws {
        while true {
            try await Task.sleep(for: configuration.heartbeatInterval)
            let now = self.now
            let stats = tracker.stats(progress.snapshot())
            let renewal: LeaseRenewal
            do {
                renewal = try await store.renewLease(
                    lease, until: now.adding(configuration.leaseDuration),
                    streamStats: stats, now: now)
            } catch is CancellationError {
                throw CancellationError()
            } catch {
                // A store that fails for a moment must not end a healthy sync: the lease
                // lasts several heartbeats, and the next one tries again.
                logger.warning("a heartbeat failed", metadata: ["job": "\(lease.jobID)", "error": "\(error)"])
                continue
            }
            if !renewal.isHeld {
                tracker.stopReason = .leaseLost
                throw CancellationError()
            }
            if renewal.cancelRequested {
                tracker.stopReason = .cancelRequested
                throw CancellationError()
            }
        }
    }

    /// The attempt's work: a sync or refresh through `Source.sync`, or a clear.
    private func execute(
        _ job: Job, lease: LeaseToken, log: AttemptLog?, progress: ReadProgress,
        tracker: AttemptTracker
    ) async throws {
        var connection = try await existingConnection(job.connectionID)
        tracker.retryPolicy = connection.retryPolicy
        let sourceRecord = try await existingSource(connection.sourceID)
        let destinationRecord = try await existingDestination(connection.destinationID)
        let sourceDefinition = try await existingDefinition(sourceRecord.definitionID)
        let destinationDefinition = try await existingDefinition(destinationRecord.definitionID)
        tracker.sourceName = sourceDefinition.name
        tracker.destinationName = destinationDefinition.name
        let destination: DestinationConnector
        do {
            destination = try await resolveDestination(
                destinationRecord, definition: destinationDefinition,
                logger: log?.connectorLogger(destinationDefinition.name) ?? .discarding)
        } catch {
            throw AttemptFailure.Tagged(origin: .destination, error: error)
        }
        log?.hide(destination.secretMasker)
        // The job's id orders syncs; the time orders attempts: each replacing attempt gets a newer generation.
        let generation = Int64(AirbyteMessage.currentEpochMilliseconds)
        let syncID = job.id.rawValue

        if job.type.clearsData {
            let streams = job.streams.map(Set.init)
            let catalog = try ConnectionCatalog.clearing(connection, streams: streams, generation: generation, syncID: syncID)
            tracker.streams = catalog.streams.map(\.streamDescriptor)
            // The state goes first: a clear that stops halfway leaves data a sync reads again, never
            // a state pointing past data that is gone.
            try await store.clearConnectionStates(connection.id, streams: job.streams)
            log?.write("cleared the state of \(streams.map { "\($0.count) stream(s)" } ?? "every stream"); emptying their tables")
            let messages = catalog.streams.flatMap { stream in
                [AirbyteMessage.streamStatus(stream.streamDescriptor, .started), .streamStatus(stream.streamDescriptor, .complete)]
            }
            let renaming = ConnectionCatalog.renaming(connection)
            do {
                _ = try await destination.write(
                    catalog: renaming.destinationCatalog(catalog), messages: messages.map(renaming.toDestination))
            } catch {
                throw AttemptFailure.Tagged(origin: .destination, error: error)
            }
            log?.write("cleared \(catalog.streams.map(\.streamDescriptor.description).joined(separator: ", "))")
            return
        }

        let source: Source
        do {
            source = try await resolveSource(
                sourceRecord, definition: sourceDefinition,
                logger: log?.connectorLogger(sourceDefinition.name) ?? .discarding)
        } catch {
            throw AttemptFailure.Tagged(origin: .source, error: error)
        }
        log?.hide(source.secretMasker)
        connection = try await refreshSchema(of: connection, log: log)
        let refreshing: Set<StreamDescriptor> =
            job.type == .refresh
            ? Set(job.streams ?? connection.selectedStreams.map { StreamDescriptor(name: $0.name, namespace: $0.namespace) })
            : []
        let catalog = try ConnectionCatalog.configured(connection, replacing: refreshing, generation: generation, syncID: syncID)
        tracker.streams = catalog.streams.map(\.streamDescriptor)
        let states = ConnectionStateStore(
            store: store, connection: connection.id, lease: lease,
            initial: try await store.connectionStates(connection.id),
            refreshing: refreshing, clock: configuration.clock)
        log?.write(
            "syncing \(catalog.streams.map { "\($0.streamDescriptor) (\($0.syncMode.rawValue) → \($0.destinationSyncMode.rawValue))" }.joined(separator: ", ")) from \(sourceDefinition.name) into \(destinationDefinition.name), resuming from \(states.initialCount) saved state(s)"
        )
        let renaming = ConnectionCatalog.renaming(connection)
        if !renaming.isEmpty {
            log?.write(
                "writing \(renaming.destinationNames.sorted { $0.key.description < $1.key.description }.map { "\($0.key) as \($0.value)" }.joined(separator: ", "))"
            )
        }
        let result = try await source.sync(
            to: destination, catalog: catalog, states: states, renaming: renaming, progress: progress)
        log?.write("synced \(result.recordCount) records in \(result.duration); \(result.savedStates) state(s) saved")
    }
}

/// What an attempt learns as it runs, read when it ends.
final class AttemptTracker: Sendable {
    private struct State {
        var sourceName: String?
        var destinationName: String?
        var streams: [StreamDescriptor] = []
        var retryPolicy: RetryPolicy?
        var stopReason: StopReason?
    }

    private let state = Mutex(State())

    var sourceName: String? {
        get { state.withLock { $0.sourceName } }
        set { state.withLock { $0.sourceName = newValue } }
    }
    var destinationName: String? {
        get { state.withLock { $0.destinationName } }
        set { state.withLock { $0.destinationName = newValue } }
    }
    var streams: [StreamDescriptor] {
        get { state.withLock { $0.streams } }
        set { state.withLock { $0.streams = newValue } }
    }
    var retryPolicy: RetryPolicy? {
        get { state.withLock { $0.retryPolicy } }
        set { state.withLock { $0.retryPolicy = newValue } }
    }
    var stopReason: StopReason? {
        get { state.withLock { $0.stopReason } }
        set { state.withLock { $0.stopReason = newValue } }
    }

    /// The attempt's counts per stream, from the sync's progress (zero for a clear).
    func stats(_ snapshot: ReadProgress.Snapshot) -> [StreamStats] {
        let streams = self.streams
        return streams.enumerated().map { index, descriptor in
            guard index < snapshot.streams.count else { return StreamStats(name: descriptor.name, namespace: descriptor.namespace) }
            let stream = snapshot.streams[index]
            return StreamStats(
                name: descriptor.name, namespace: descriptor.namespace,
                recordsEmitted: Int64(stream.recordCount), bytesEmitted: Int64(stream.byteCount),
                recordsCommitted: Int64(stream.committedRecordCount),
                bytesCommitted: Int64(stream.committedByteCount))
        }
    }
}

extension Duration {
    var timeInterval: TimeInterval {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
