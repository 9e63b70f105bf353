public import AirbyteProtocol

/// What a ``Source/read(catalog:state:onMessage:)`` saw.
public struct SourceReadSummary: Sendable {
    /// RECORD messages, by stream.
    public var recordsPerStream: [StreamDescriptor: Int]
    /// STATE messages.
    public var stateCount: Int
    /// From the start of the connector to its end.
    public var duration: Duration

    /// RECORD messages of all streams.
    public var recordCount: Int { recordsPerStream.values.reduce(0, +) }
}

extension Source {
    // The cache's `read(into:)` (Source+Cache.swift) is built on `withMessages`:
    // it hands records to the DuckDB destination's writer in-process through
    // DestinationKit's `WriteRun` and saves the states the writer committed.

    /// Runs the connector's `read` of `catalog`, resuming from `state`, and
    /// calls `onMessage` with every message in order: RECORDs (not decoded),
    /// STATEs, TRACEs and the rest. LOG messages go to the source's logger instead.
    ///
    /// If `onMessage` throws, the connector is stopped (SIGTERM to its process
    /// group, SIGKILL after ``terminationGracePeriod``) and the error is
    /// rethrown; cancelling the task does the same and throws `CancellationError`.
    ///
    /// - Throws: ``SourceError`` when the connector reports an error (TRACE
    ///   ERROR) or exits with a failure — after every message it wrote was handed over.
    public func read(
        catalog: ConfiguredAirbyteCatalog, state: [AirbyteStateMessage] = [],
        onMessage: (ScannedMessage) throws -> Void
    ) async throws -> SourceReadSummary {
        let started = ContinuousClock.now
        let (records, states) = try await withMessages(catalog: catalog, state: state) { messages in
            var records: [StreamDescriptor: Int] = [:]
            while let message = try messages.next() {
                if case .record(let record) = message.content { records[record.streamDescriptor, default: 0] += 1 }
                try onMessage(message)
            }
            return (records, messages.stateCount)
        }
        return SourceReadSummary(recordsPerStream: records, stateCount: states, duration: ContinuousClock.now - started)
    }

    /// Runs the connector's `read` of `catalog`, resuming from `state`, and
    /// lets `body` pull its messages (see ``SourceMessages``): for consumers
    /// that drive the loop, wait for input with a timeout, or stop early.
    ///
    /// `body` runs on a thread of its own (it blocks while the source is
    /// quiet), in the calling task. When it returns before the end of the
    /// source's output, the connector is stopped and no error is reported for
    /// how it ended. When it throws, or the task is cancelled, the connector is
    /// stopped and the error (or `CancellationError`) is thrown.
    ///
    /// - Throws: ``SourceError`` when the connector reports an error or exits
    ///   with a failure after `body` read to the end.
    public func withMessages<Result>(
        catalog: ConfiguredAirbyteCatalog, state: [AirbyteStateMessage] = [],
        _ body: (SourceMessages) throws -> Result
    ) async throws -> Result {
        var catalogBytes: [UInt8] = []
        catalog.json.serialize(into: &catalogBytes)
        let files = [configFileContents, ("catalog.json", catalogBytes), ("state.json", Self.stateFile(state))]
        return try await runner.run(
            "read", files: files,
            arguments: { folder in
                [
                    "read", "--config", "\(folder)/\(Self.configFile)", "--catalog", "\(folder)/catalog.json",
                    "--state", "\(folder)/state.json",
                ]
            }, body: body)
    }

    /// The `--state` file: a JSON array of the state messages (`[]` for none),
    /// or a LEGACY state's `data` when that is all there is.
    static func stateFile(_ states: [AirbyteStateMessage]) -> [UInt8] {
        var bytes: [UInt8] = []
        if !states.isEmpty, states.allSatisfy({ $0.effectiveType == .legacy }), let data = states.last?.data {
            data.serialize(into: &bytes)
        } else {
            JSONValue.array(states.map(\.json)).serialize(into: &bytes)
        }
        return bytes
    }
}
