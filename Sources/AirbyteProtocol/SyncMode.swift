/// How a source reads a stream.
public struct SyncMode: ProtocolEnum {
    /// Every record, every sync.
    public static let fullRefresh: Self = "full_refresh"
    /// Only what changed since the last state.
    public static let incremental: Self = "incremental"

    /// The value as written on the wire.
    public let rawValue: String
    /// The value with this text, known or not.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension SyncMode: JSONConvertible {}
