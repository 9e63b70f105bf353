/// One stream's counts in an attempt: Airbyte's `StreamStats`.
///
/// Emitted counts what the source sent; committed counts what the
/// destination made durable (acknowledged with a STATE, or the whole stream
/// when the attempt succeeded). Bytes are those of the records' JSON lines.
package struct StreamStats: Sendable, Hashable, Codable {
    /// The stream's name (empty in a total).
    package var name: String
    /// The stream's namespace.
    package var namespace: String?
    /// Records the source emitted.
    package var recordsEmitted: Int64
    /// Bytes of those records.
    package var bytesEmitted: Int64
    /// Records the destination committed.
    package var recordsCommitted: Int64
    /// Bytes of those records.
    package var bytesCommitted: Int64

    /// Counts for a stream.
    package init(
        name: String, namespace: String? = nil, recordsEmitted: Int64 = 0, bytesEmitted: Int64 = 0,
        recordsCommitted: Int64 = 0, bytesCommitted: Int64 = 0
    ) {
        self.name = name
        self.namespace = namespace
        self.recordsEmitted = recordsEmitted
        self.bytesEmitted = bytesEmitted
        self.recordsCommitted = recordsCommitted
        self.bytesCommitted = bytesCommitted
    }

    /// The sum of `stats`, named "".
    package static func total(of stats: some Sequence<StreamStats>) -> StreamStats {
        stats.reduce(into: StreamStats(name: "")) { total, stream in
            total.recordsEmitted += stream.recordsEmitted
            total.bytesEmitted += stream.bytesEmitted
            total.recordsCommitted += stream.recordsCommitted
            total.bytesCommitted += stream.bytesCommitted
        }
    }
}
