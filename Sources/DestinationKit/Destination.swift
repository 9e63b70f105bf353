/// An Airbyte destination written with DestinationKit.
///
/// The kit does everything that is the same for every destination: the
/// `spec` / `check` / `write` command line, validating the config against
/// ``specification`` (with defaults filled in and secrets masked in every
/// output), reading messages from stdin, routing records to their configured
/// stream, deciding when to commit, echoing each STATE only after the records
/// before it are committed (with `destinationStats`), passing stream
/// completion on, and turning any error into one TRACE ERROR.
///
/// A destination does only what is specific to where data goes: checking that
/// it can write, buffering records, making them durable in ``DestinationWriter/commit()``,
/// and finishing streams (overwrite swaps, refresh clean-up).
///
/// ```swift
/// struct NullDestination: Destination {
///     static let specification = ConnectorSpecification(connectionSpecification: ["type": "object"])
///     init(config: JSONValue, log: Logger) {}
///     func check() -> [String] { [] }
///     func makeWriter(catalog: ConfiguredAirbyteCatalog) -> any DestinationWriter { NullWriter() }
/// }
/// // main.swift
/// DestinationCommand<NullDestination>.main()
/// ```
public import Logging

public protocol Destination {
    /// What `spec` prints: the config's JSON schema and the supported sync modes.
    static var specification: ConnectorSpecification { get }

    /// A destination for `config`, already validated against ``specification``
    /// and with its defaults filled in. Throw a `ConnectorError` with
    /// `config_error` for a config that is valid JSON Schema but unusable.
    /// `log` is where the destination logs: the `write` and `check` commands
    /// give one that writes Airbyte LOG messages (secrets masked); an
    /// embedding program gives its own.
    init(config: JSONValue, log: Logger) throws

    /// Tries everything `write` will need. Returns one message per problem, in
    /// words a user can act on; an empty list means the connection works.
    func check() throws -> [String]

    /// Prepares to write the streams of `catalog`. The kit then calls the
    /// writer's methods from one thread, in input order.
    func makeWriter(catalog: ConfiguredAirbyteCatalog) throws -> any DestinationWriter

    /// When `write` commits without waiting for the end of the input. The
    /// default is ``CommitPolicy/init(minimumInterval:maximumInterval:maximumUncommittedBytes:)``
    /// with its defaults; a destination may derive its own from its config.
    var commitPolicy: CommitPolicy { get }
}

extension Destination {
    /// The default policy: commit at most every second while STATE messages
    /// stream in, at least every 5 minutes, and whenever 64 MiB are uncommitted.
    public var commitPolicy: CommitPolicy { CommitPolicy() }
}

/// Writes one sync's records. Streams are named by their index in the
/// configured catalog's `streams`.
///
/// The kit guarantees the order of calls: any number of ``write(_:stream:)``,
/// then ``commit()``; ``completeStream(_:)`` only right after a commit that
/// covers every record of that stream; ``close()`` once after the last commit
/// on success, or ``abort()`` instead on failure.
public protocol DestinationWriter: AnyObject {
    /// Buffers one record of stream `stream`. The record's `data` and `meta`
    /// are `ScannedBytes`: views of the input that stay valid while held,
    /// without a copy; copying what you keep (as most writers do) lets the
    /// reader reuse its buffer. Nothing written is durable before the next ``commit()``.
    func write(_ record: ScannedRecord, stream: Int) throws

    /// Approximate bytes written since the last commit; past the kit's bound
    /// the kit commits without waiting for a STATE.
    var uncommittedBytes: Int { get }

    /// Makes every record written so far durable, all or nothing. When this
    /// returns, the kit acknowledges the STATE messages that came before them.
    func commit() throws

    /// The source finished stream `stream` (STREAM_STATUS COMPLETE, or a clean
    /// end of input from a source that sends no stream statuses). Every record
    /// of the stream is committed. Overwrite swaps and refresh truncations
    /// belong here, never earlier.
    func completeStream(_ stream: Int) throws

    /// The source reported stream `stream` INCOMPLETE: keep what is committed,
    /// do not swap or truncate. The default does nothing.
    func abandonStream(_ stream: Int) throws

    /// The input ended and every commit succeeded: final housekeeping (for
    /// example a database CHECKPOINT).
    func close() throws

    /// The sync failed: discard anything not committed and release resources.
    /// Must not throw; committed data stays as it is.
    func abort()
}

extension DestinationWriter {
    public func abandonStream(_ stream: Int) throws {}
}
