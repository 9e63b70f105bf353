/// The `write` command's loop: reads the source's messages, hands records to
/// the writer, commits by the ``CommitPolicy``, acknowledges each STATE after
/// the commit that covers its records, and passes stream completion on.
///
/// Guarantees, whatever the input:
/// - a STATE is echoed only after ``DestinationWriter/commit()`` returned for
///   every record before it, in input order, with `destinationStats.recordCount`
///   = records since the previous state (that stream's for STREAM, all streams'
///   for GLOBAL and LEGACY);
/// - ``DestinationWriter/completeStream(_:)`` follows a commit covering the
///   stream (on COMPLETE, or at a clean end for streams the source sent no
///   status for); ``DestinationWriter/abandonStream(_:)`` follows INCOMPLETE;
/// - the writer ends with exactly one of ``DestinationWriter/close()`` (success)
///   or ``DestinationWriter/abort()`` (any failure).
///
/// ``run()`` throws the error that stopped the sync, after the abort; the
/// command reports it as one TRACE ERROR.
package import Logging

package final class WriteLoop {
    let input: any MessageInput
    let writer: any DestinationWriter
    let policy: CommitPolicy
    /// Where acknowledged STATEs go.
    let sink: any AcknowledgementSink
    let log: Logger
    let now: () -> Duration
    var router: StreamRouter

    // Checkpointing.
    /// Records per stream since that stream's last STREAM state.
    var sinceStreamState: [Int]
    /// Records of all streams since the last GLOBAL or LEGACY state.
    var sinceGlobalState = 0
    /// Records written since the last commit.
    var uncommittedRecords = 0
    /// The acknowledgement lines of STATEs waiting for a commit, in input order.
    var pendingEchoes: [UInt8] = []
    /// The STATEs waiting for a commit, in input order.
    var pendingAcknowledgements: [AcknowledgedState] = []
    var pendingStates = 0
    /// When the last commit (or acknowledgement without one) happened.
    var lastCommit: Duration

    // Streams.
    var progress: [StreamProgress]
    /// Streams not in the catalog that records named, each logged once.
    var ignoredStreams: Set<StreamDescriptor> = []
    /// Streams not in the catalog that statuses named, each logged once.
    var ignoredStatusStreams: Set<StreamDescriptor> = []

    // Statistics, for the summary.
    let started: Duration
    var recordsPerStream: [Int]
    var ignoredRecords = 0
    var acknowledgedStates = 0
    var commits = 0
    /// When each stream completed, since the start; nil while it has not.
    var completedAfter: [Duration?]

    package init(
        input: any MessageInput, writer: any DestinationWriter, router: StreamRouter,
        policy: CommitPolicy, sink: any AcknowledgementSink, log: Logger,
        now: @escaping () -> Duration = MonotonicClock.now
    ) {
        self.input = input
        self.writer = writer
        self.router = router
        self.policy = policy
        self.sink = sink
        self.log = log
        self.now = now
        started = now()
        lastCommit = started
        sinceStreamState = Array(repeating: 0, count: router.count)
        progress = Array(repeating: .noStatus, count: router.count)
        recordsPerStream = Array(repeating: 0, count: router.count)
        completedAfter = Array(repeating: nil, count: router.count)
    }

    /// Runs the sync to the end of the input.
    ///
    /// - Throws: What stopped it: a ``MessageReaderError``, a ``WriterFailure``,
    ///   an ``OutputError``, or a ``ConnectorFailure`` about the input. The
    ///   writer is aborted by then.
    package func run() throws {
        do {
            try readAll()
            try finish()
        } catch {
            fail(after: error)
            throw error
        }
    }

    private func readAll() throws {
        while true {
            if !input.hasBufferedLine { try inputDrained() }
            guard let message = try input.next() else { return }
            switch message.content {
            case .record(let record):
                try handle(record)
            case .message(let other):
                try handle(other, line: message.line, lineNumber: message.lineNumber)
            }
        }
    }

    private func handle(_ message: AirbyteMessage, line: ScannedBytes, lineNumber: Int) throws {
        switch message.payload {
        case .state(let state):
            try handle(state, line: line, lineNumber: lineNumber)
        case .trace(let trace):
            if let status = trace.streamStatus, trace.type == .streamStatus {
                try handle(status)
            } else if let error = trace.error, trace.type == .error {
                let kind = error.failureType.map { " (\($0.rawValue))" } ?? ""
                log.warning("The source reported an error\(kind) on line \(lineNumber): \(error.message)")
            }
        default:
            // LOG, CONTROL, and types this kit does not know: the platform reads
            // them from the source; a destination has nothing to do with them.
            break
        }
    }

    /// A clean end of input: the last commit and acknowledgements, then the
    /// streams of a source that sent no status at all, then the writer's close.
    ///
    /// A source that sends statuses sends COMPLETE for every stream it
    /// finishes, so when any stream got a status, one without COMPLETE was not
    /// read to its end (the source stopped before it): it stays incomplete, and
    /// an overwrite of it never replaces the table with what little arrived.
    private func finish() throws {
        try commit()
        let sourceSendsStatuses = progress.contains { $0 != .noStatus }
        for index in progress.indices where progress[index] == .noStatus {
            if sourceSendsStatuses {
                log.warning(
                    """
                    Stream \(router.descriptors[index]) got no COMPLETE status while other streams got statuses: \
                    it is left incomplete (its committed records stay; a replace of its table does not happen).
                    """)
            } else {
                try complete(stream: index)
            }
        }
        do {
            try writer.close()
        } catch {
            throw WriterFailure(operation: "close()", underlying: error)
        }
        try sink.flush()
    }

    /// After a failure: when the input failed (not the writer, not the output),
    /// commit once more so the STATEs already read can be acknowledged; then abort.
    private func fail(after error: any Error) {
        if !(error is WriterFailure), !(error is OutputError), pendingStates > 0 {
            do {
                try commit()
            } catch {
                log.error("Could not commit the records read before the failure: \(FailureReport(error).message)")
            }
        }
        writer.abort()
    }
}
