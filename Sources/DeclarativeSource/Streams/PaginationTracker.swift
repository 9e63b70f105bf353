internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// The CDK's `PaginationTracker`: counts a slice's records, remembers the newest cursor value
/// when it can split, and narrows (or keeps) the slice when pagination restarts, either because
/// the error handler said `RESET_PAGINATION` or because the record limit was reached. The same
/// slice is allowed twice without a splitter (a retry), once with one; more fails the stream.
struct PaginationTracker {
    let reset: PaginationReset?
    private var recordCount = 0
    private var attemptsWithSameSlice = 0
    private var newest: CursorSliceSplitter.Point?

    init(_ reset: PaginationReset?) { self.reset = reset }

    private var allowedAttemptsWithSameSlice: Int { reset?.splitter == nil ? 2 : 1 }

    /// Whether `observe` needs the records' values (a limit or a splitter), so the page loop
    /// can skip it otherwise.
    var observesRecords: Bool { reset?.recordLimit != nil || reset?.splitter != nil }

    mutating func observe(_ records: [JSONValue]) {
        recordCount += records.count
        guard let splitter = reset?.splitter else { return }
        for record in records {
            guard let raw = record.objectValue?[splitter.cursorField], let value = splitter.point(raw) else { continue }
            if newest.map({ $0 < value }) ?? true { newest = value }
        }
    }

    var hasReachedLimit: Bool {
        guard let limit = reset?.recordLimit else { return false }
        return recordCount >= limit
    }

    /// `reduce_slice_range_if_possible`: the slice to restart with, from the newest cursor
    /// value to the original end when splitting; the same slice too often fails the stream.
    mutating func restart(previous: StreamSlice, original: StreamSlice) throws -> StreamSlice {
        var next = previous
        if let splitter = reset?.splitter {
            next = original
            if let newest, original.cursorSlice[splitter.endField] != nil {
                next.cursorSlice = JSONObject([
                    (splitter.startField, splitter.output(newest)),
                    (splitter.endField, original.cursorSlice[splitter.endField]!),
                ])
            }
        }
        if next == previous {
            attemptsWithSameSlice += 1
            if attemptsWithSameSlice >= allowedAttemptsWithSameSlice {
                throw SourceFailure(
                    message: "Something went wrong in the connector. See the logs for more details.",
                    internalMessage: "There were \(attemptsWithSameSlice) attempts with the same slice already while the max allowed is "
                        + "\(allowedAttemptsWithSameSlice)",
                    failureType: .systemError)
            }
        } else {
            attemptsWithSameSlice = 0
        }
        recordCount = 0
        return next
    }
}
