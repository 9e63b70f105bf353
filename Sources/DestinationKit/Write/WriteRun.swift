public import AirbyteProtocol
public import Logging

/// The `write` command's checkpointing loop, for a caller that runs it in its
/// own process: a source's messages in, a ``DestinationWriter`` out, and each
/// STATE handed back once the commit covering its records returned.
///
/// ```swift
/// let summary = try WriteRun.run(writer: try destination.makeWriter(catalog: catalog), catalog: catalog,
///                                input: messages, policy: destination.commitPolicy, log: logger) { acknowledged in
///     try save(acknowledged.state)
/// }
/// ```
public enum WriteRun {
    /// Writes `input` to its end with `writer` (which ends closed or aborted),
    /// committing by `policy` and calling `acknowledge` for every STATE, in
    /// order, after the commit that covers the records before it.
    ///
    /// - Throws: A ``WriteRunError`` when the writer (or `acknowledge`) failed
    ///   or the catalog is unusable; what `input` threw (for example
    ///   `CancellationError`) otherwise. STATEs read before an input failure
    ///   are still committed and acknowledged first.
    public static func run(
        writer: any DestinationWriter, catalog: ConfiguredAirbyteCatalog, input: any MessageInput,
        policy: CommitPolicy = CommitPolicy(), log: Logger = .discarding,
        acknowledge: @escaping (AcknowledgedState) throws -> Void
    ) throws -> WriteSummary {
        let router: StreamRouter
        do {
            router = try StreamRouter(catalog: catalog)
        } catch {
            writer.abort()
            throw WriteRunError(error)
        }
        let loop = WriteLoop(
            input: input, writer: writer, router: router, policy: policy,
            sink: ClosureAcknowledgementSink(acknowledge), log: log)
        do {
            try loop.run()
        } catch let error as WriterFailure {
            throw WriteRunError(error)
        } catch let error as ConnectorFailure {
            throw WriteRunError(error)
        }
        return WriteSummary(
            streams: router.descriptors.indices.map { index in
                WriteSummary.Stream(
                    descriptor: router.descriptors[index], recordCount: loop.recordsPerStream[index],
                    completedAfter: loop.completedAfter[index])
            },
            acknowledgedStates: loop.acknowledgedStates, commits: loop.commits, ignoredRecords: loop.ignoredRecords,
            elapsed: loop.now() - loop.started)
    }
}

/// What a ``WriteRun`` wrote.
public struct WriteSummary: Sendable {
    /// One configured stream's outcome.
    public struct Stream: Sendable {
        /// The stream.
        public var descriptor: StreamDescriptor
        /// Records written (and committed).
        public var recordCount: Int
        /// When the stream completed, from the start of the run; nil if it did not.
        public var completedAfter: Duration?
    }

    /// The configured streams, in catalog order.
    public var streams: [Stream]
    /// STATE messages acknowledged.
    public var acknowledgedStates: Int
    /// Commits made.
    public var commits: Int
    /// Records of streams not in the catalog, skipped.
    public var ignoredRecords: Int
    /// From the start of the run to its end.
    public var elapsed: Duration

    /// The records written for the stream named `name` (any namespace), or nil when it is not configured.
    public subscript(name: String) -> Stream? { streams.first { $0.descriptor.name == name } }
}
