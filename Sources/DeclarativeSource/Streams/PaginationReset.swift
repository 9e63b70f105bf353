internal import AirbyteProtocol

/// A retriever's `pagination_reset`: when pagination starts again from the first page, and
/// whether the slice is then narrowed to start at the newest cursor value read.
struct PaginationReset: Sendable {
    /// `RESET` restarts the same slice; `SPLIT_USING_CURSOR` restarts it from the newest
    /// cursor value read so far (`splitter`).
    let splitter: CursorSliceSplitter?
    /// `limits.number_of_records`: restart after this many records.
    let recordLimit: Int?
}
