public import AirbyteProtocol

/// A STATE the write loop acknowledged: every record before it is committed.
public struct AcknowledgedState: Sendable {
    /// The state, as the source sent it.
    public var state: AirbyteStateMessage
    /// Records counted since the previous state (that stream's for STREAM, all streams' for GLOBAL and LEGACY).
    public var recordCount: Int
    /// The acknowledgement line a destination writes to stdout (with `destinationStats`), without the newline.
    public var echoLine: String
}
