/// What the source said about one configured stream during the sync.
enum StreamProgress: Equatable {
    /// No STREAM_STATUS yet: a clean end of input completes the stream.
    case noStatus
    /// STARTED or RUNNING: only a COMPLETE completes the stream.
    case started
    /// COMPLETE: handed to ``DestinationWriter/completeStream(_:)``.
    case completed
    /// INCOMPLETE: handed to ``DestinationWriter/abandonStream(_:)``.
    case abandoned

    /// Whether the stream's outcome is settled.
    var isFinished: Bool { self == .completed || self == .abandoned }
}
