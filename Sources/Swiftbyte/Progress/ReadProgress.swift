public import AirbyteProtocol
import Synchronization

/// The live counts of a running read or sync, for progress displays: records
/// per stream, when each stream started and completed, states saved.
///
/// Pass one to ``Source/read(into:fullRefresh:basicNormalization:progress:)`` or
/// ``Source/sync(to:states:fullRefresh:progress:)``, then poll ``snapshot()``
/// on a timer (it is cheap and safe from any thread) and react to the
/// ``Event``s `onEvent` receives — a stream started or completed, a state was
/// saved. Records are only counted (an atomic increment), never reported one
/// by one, so a display never slows the read.
///
/// ```swift
/// let progress = ReadProgress { event in
///     if case .streamCompleted(let stream) = event { print(stream.descriptor, stream.recordCount) }
/// }
/// let result = try await source.read(into: cache, progress: progress)
/// ```
public final class ReadProgress: Sendable {
    /// Something worth telling as it happens.
    public enum Event: Sendable {
        /// The read began with these streams.
        case began([StreamDescriptor])
        /// A stream sent its first record or its STARTED status.
        case streamStarted(StreamDescriptor)
        /// A stream sent its COMPLETE (or INCOMPLETE) status, or the read ended.
        case streamCompleted(StreamSnapshot)
        /// A state was saved (acknowledged by the cache, or echoed by the destination).
        case stateSaved(total: Int)
        /// The read ended, successfully or not.
        case finished(Snapshot)
    }

    /// One stream's counts at a moment.
    public struct StreamSnapshot: Sendable {
        /// The stream.
        public var descriptor: StreamDescriptor
        /// Records seen so far.
        public var recordCount: Int
        /// Bytes of those records' lines (in a sync; 0 in a read into a cache).
        public var byteCount: Int = 0
        /// Records the destination committed: those before the last STATE it
        /// acknowledged, or all of them once the sync succeeded (syncs only).
        public var committedRecordCount: Int = 0
        /// Bytes of the committed records (syncs only).
        public var committedByteCount: Int = 0
        /// From its first record (or STARTED status) to its completion, or to
        /// now while it runs; zero before it started.
        public var duration: Duration
        /// Whether it has started.
        public var hasStarted: Bool
        /// Whether it has completed.
        public var isComplete: Bool

        /// Records per second over ``duration`` (0 when it took no measurable time).
        public var recordsPerSecond: Double { duration.rate(of: recordCount) }
        /// The stream's name (see ``descriptor`` for its namespace).
        public var name: String { descriptor.name }
    }

    /// The whole read at a moment.
    public struct Snapshot: Sendable {
        /// The streams, in catalog order.
        public var streams: [StreamSnapshot]
        /// States saved so far.
        public var savedStates: Int
        /// Since the read began.
        public var elapsed: Duration
        /// Records of all streams.
        public var recordCount: Int { streams.reduce(0) { $0 + $1.recordCount } }
    }

    private struct Timing {
        var began: ContinuousClock.Instant?
        var streams: [StreamDescriptor] = []
        var counters: [AtomicCounter] = []
        var byteCounters: [AtomicCounter] = []
        /// Per stream: records and bytes committed.
        var committed: [(records: Int, bytes: Int)] = []
        /// STATEs passed to the destination and not yet acknowledged, each with
        /// every stream's records and bytes before it.
        var checkpoints: [(state: AirbyteStateMessage, records: [Int], bytes: [Int])] = []
        var started: [ContinuousClock.Instant?] = []
        var completed: [ContinuousClock.Instant?] = []
        var finished: ContinuousClock.Instant?
    }

    private let onEvent: @Sendable (Event) -> Void
    private let timing = Mutex(Timing())
    private let savedStates = Atomic<Int>(0)

    /// A progress model calling `onEvent` (from the read's threads; keep it quick).
    public init(onEvent: @escaping @Sendable (Event) -> Void = { _ in }) {
        self.onEvent = onEvent
    }

    /// The counts now.
    public func snapshot() -> Snapshot {
        let now = ContinuousClock.now
        return timing.withLock { timing in
            let end = timing.finished ?? now
            let streams = timing.streams.indices.map { index in
                let started = timing.started[index]
                let completed = timing.completed[index]
                return StreamSnapshot(
                    descriptor: timing.streams[index], recordCount: timing.counters[index].value.load(ordering: .relaxed),
                    byteCount: timing.byteCounters[index].value.load(ordering: .relaxed),
                    committedRecordCount: timing.committed[index].records,
                    committedByteCount: timing.committed[index].bytes,
                    duration: started.map { (completed ?? end) - $0 } ?? .zero,
                    hasStarted: started != nil, isComplete: completed != nil)
            }
            return Snapshot(
                streams: streams, savedStates: savedStates.load(ordering: .relaxed),
                elapsed: timing.began.map { end - $0 } ?? .zero)
        }
    }

    // MARK: Fed by the read

    /// Starts the read of `catalog`'s streams and returns the counter the hot path uses.
    func begin(_ catalog: ConfiguredAirbyteCatalog) -> RecordCounter {
        let streams = catalog.streams.map(\.streamDescriptor)
        let (counters, byteCounters) = timing.withLock { timing in
            timing = Timing(
                began: .now, streams: streams, counters: streams.map { _ in AtomicCounter() },
                byteCounters: streams.map { _ in AtomicCounter() }, committed: streams.map { _ in (0, 0) },
                started: streams.map { _ in nil }, completed: streams.map { _ in nil })
            return (timing.counters, timing.byteCounters)
        }
        onEvent(.began(streams))
        return RecordCounter(progress: self, streams: streams, counters: counters, byteCounters: byteCounters)
    }

    fileprivate func markStarted(_ index: Int) {
        let first = timing.withLock { timing in
            guard timing.started[index] == nil else { return false }
            timing.started[index] = .now
            return true
        }
        if first { onEvent(.streamStarted(timing.withLock { $0.streams[index] })) }
    }

    fileprivate func markCompleted(_ index: Int) {
        let first = timing.withLock { timing in
            guard timing.completed[index] == nil else { return false }
            let now = ContinuousClock.now
            if timing.started[index] == nil { timing.started[index] = now }
            timing.completed[index] = now
            return true
        }
        if first { onEvent(.streamCompleted(snapshot().streams[index])) }
    }

    /// Notes a STATE on its way to the destination: the records before it are
    /// committed once the destination acknowledges it.
    fileprivate func noteCheckpoint(_ state: AirbyteStateMessage) {
        var state = state
        state.destinationStats = nil
        timing.withLock { timing in
            timing.checkpoints.append(
                (
                    state, timing.counters.map { $0.value.load(ordering: .relaxed) },
                    timing.byteCounters.map { $0.value.load(ordering: .relaxed) }
                ))
        }
    }

    /// Counts a state the destination acknowledged (and that was saved): the
    /// records before it are committed.
    func stateAcknowledged(_ state: AirbyteStateMessage) {
        var state = state
        state.destinationStats = nil
        timing.withLock { timing in
            // States come back in the order they went, each once; one that never
            // went (or was already matched) changes nothing.
            guard let index = timing.checkpoints.firstIndex(where: { $0.state == state }) else { return }
            let checkpoint = timing.checkpoints[index]
            timing.checkpoints.removeFirst(index + 1)
            timing.committed = zip(checkpoint.records, checkpoint.bytes).map { ($0, $1) }
        }
        stateSaved()
    }

    /// Counts every record seen as committed: the destination ended cleanly.
    func allCommitted() {
        timing.withLock { timing in
            timing.committed = zip(timing.counters, timing.byteCounters).map {
                ($0.value.load(ordering: .relaxed), $1.value.load(ordering: .relaxed))
            }
            timing.checkpoints.removeAll()
        }
    }

    /// Counts a saved state.
    func stateSaved() {
        let total = savedStates.add(1, ordering: .relaxed).newValue
        onEvent(.stateSaved(total: total))
    }

    /// Ends the read: streams still running count as completed now.
    func finish() {
        guard timing.withLock({ $0.finished == nil }) else { return }
        let open = timing.withLock { timing in timing.completed.indices.filter { timing.completed[$0] == nil } }
        for index in open { markCompleted(index) }
        timing.withLock { $0.finished = .now }
        onEvent(.finished(snapshot()))
    }
}

/// A count shared between the read's thread and a display's.
private final class AtomicCounter: Sendable {
    let value = Atomic<Int>(0)
}

/// What the read loop calls per message: a record is counted with one atomic
/// increment (the stream's index is remembered between records of the same
/// stream, compared by name and namespace); statuses are rarer and take a lock.
final class RecordCounter {
    private let progress: ReadProgress
    private let streams: [StreamDescriptor]
    private let counters: [AtomicCounter]
    private let byteCounters: [AtomicCounter]
    private var started: [Bool]
    private var lastName = ""
    private var lastNamespace: String?
    private var lastIndex: Int?

    fileprivate init(
        progress: ReadProgress, streams: [StreamDescriptor], counters: [AtomicCounter], byteCounters: [AtomicCounter]
    ) {
        self.progress = progress
        self.streams = streams
        self.counters = counters
        self.byteCounters = byteCounters
        self.started = streams.map { _ in false }
    }

    /// The index of `record`'s stream, if it is in the catalog.
    func index(of record: ScannedRecord) -> Int? {
        if let lastIndex, record.stream == lastName, record.namespace == lastNamespace { return lastIndex }
        guard let index = index(of: record.streamDescriptor) else { return nil }
        lastName = record.stream
        lastNamespace = record.namespace
        lastIndex = index
        return index
    }

    /// The index of `stream`, if it is in the catalog.
    func index(of stream: StreamDescriptor) -> Int? {
        streams.firstIndex(of: stream)
    }

    /// Counts a record of the stream at `index`, and its line's `bytes` when known.
    func countRecord(_ index: Int, bytes: Int = 0) {
        if !started[index] {
            started[index] = true
            progress.markStarted(index)
        }
        counters[index].value.add(1, ordering: .relaxed)
        if bytes > 0 { byteCounters[index].value.add(bytes, ordering: .relaxed) }
    }

    /// Notes a STATE passed on to a destination (see ``ReadProgress/stateAcknowledged(_:)``).
    func noteState(_ state: AirbyteStateMessage) {
        progress.noteCheckpoint(state)
    }

    /// Notes a STREAM_STATUS.
    func noteStatus(_ status: AirbyteStreamStatusTraceMessage) {
        guard let index = index(of: status.streamDescriptor) else { return }
        switch status.status {
        case .started, .running:
            if !started[index] {
                started[index] = true
                progress.markStarted(index)
            }
        case .complete, .incomplete:
            progress.markCompleted(index)
        default:
            break
        }
    }

    /// Counts `message` (a record or a status) and says whether it belongs to a
    /// stream of the catalog (`false` for other records and statuses).
    @discardableResult
    func observe(_ message: ScannedMessage) -> Bool {
        switch message.content {
        case .record(let record):
            guard let index = index(of: record) else { return false }
            countRecord(index)
            return true
        case .message(let decoded):
            if case .trace(let trace) = decoded.payload, let status = trace.streamStatus {
                noteStatus(status)
                return index(of: status.streamDescriptor) != nil
            }
            return true
        }
    }
}

extension Duration {
    /// Seconds as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }

    /// `count` per second over this duration; 0 when it is not positive.
    func rate(of count: Int) -> Double {
        seconds > 0 ? Double(count) / seconds : 0
    }
}
