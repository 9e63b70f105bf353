/// How a destination writes a stream.
public struct DestinationSyncMode: ProtocolEnum {
    /// Add the records to what is there.
    public static let append: Self = "append"
    /// Replace what is there with this sync's records.
    public static let overwrite: Self = "overwrite"
    /// Add the records, keeping one row per primary key.
    public static let appendDedup: Self = "append_dedup"
    /// Update existing rows by key.
    public static let update: Self = "update"
    /// Mark rows deleted by key.
    public static let softDelete: Self = "soft_delete"

    /// The value as written on the wire.
    public let rawValue: String
    /// The value with this text, known or not.
    public init(rawValue: String) { self.rawValue = rawValue }
}

extension DestinationSyncMode: JSONConvertible {}
