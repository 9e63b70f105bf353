/// When the `write` command commits, besides the end of the input.
///
/// The kit acknowledges a STATE only after a ``DestinationWriter/commit()``
/// that covers every record before it, so commits are as frequent as STATEs
/// need them and as rare as throughput wants them:
///
/// - **A STATE arrives**: commit at once if the last commit is at least
///   ``minimumInterval`` old. Otherwise the STATE waits, but never longer than
///   the rest of that interval: while input keeps coming, it is read on (a
///   burst of STATEs costs one commit); when the input goes quiet, the wait
///   ends at the interval and the STATEs are acknowledged.
/// - **The writer holds ``maximumUncommittedBytes``** (by its
///   ``DestinationWriter/uncommittedBytes``): commit, so memory and
///   transaction sizes stay bounded whatever the source's STATE rhythm.
/// - **Records are uncommitted for ``maximumInterval``**: commit, also while
///   the input is idle, so a slow source's rows become visible.
/// - **A stream COMPLETEs**, and **the input ends**: commit before finishing
///   streams.
///
/// ```swift
/// struct MyDestination: Destination {
///     var commitPolicy: CommitPolicy { CommitPolicy(maximumUncommittedBytes: 256 << 20) }
///     …
/// }
/// ```
public struct CommitPolicy: Sendable, Hashable {
    /// The least time between two commits made for STATE messages. Default: 1 second.
    public var minimumInterval: Duration
    /// The most time records stay uncommitted. Default: 5 minutes.
    public var maximumInterval: Duration
    /// The writer's ``DestinationWriter/uncommittedBytes`` at which the kit
    /// commits without waiting for a STATE. Default: 64 MiB.
    public var maximumUncommittedBytes: Int

    /// A policy; every argument has the default described on its property.
    public init(
        minimumInterval: Duration = .seconds(1), maximumInterval: Duration = .seconds(300),
        maximumUncommittedBytes: Int = 64 << 20
    ) {
        self.minimumInterval = minimumInterval
        self.maximumInterval = maximumInterval
        self.maximumUncommittedBytes = maximumUncommittedBytes
    }
}
