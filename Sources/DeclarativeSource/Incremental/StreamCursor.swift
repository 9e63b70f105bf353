internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// A stream's cursor (the CDK's concurrent `Cursor`): it slices the stream, watches records,
/// and says what state to checkpoint when partitions close.
protocol StreamCursor: AnyObject, Sendable {
    /// The cursor field, for discover (`nil` for full refresh).
    var cursorField: String? { get }
    /// The stream's state now.
    func currentState() throws -> JSONObject
    /// A record was read for `slice`.
    func observe(_ record: JSONValue, slice: StreamSlice)
    /// Every record of `slice` has been emitted; returns the state to emit, if any.
    func closePartition(_ slice: StreamSlice) throws -> JSONObject?
    /// The state to emit when the stream is done.
    func finalState() throws -> JSONObject
    /// Whether a record is within the sync's window (client-side incremental, data feeds).
    func shouldBeSynced(_ record: JSONValue, slice: StreamSlice) -> Bool
    /// A page of records was read for `slice` (`observe` for each, in order).
    func observe(_ records: [JSONValue], slice: StreamSlice)
    /// A page of records taken from the response as bytes (``RawRecordPath``) was read for `slice`.
    func observe(_ records: RawRecords, slice: StreamSlice)
    /// The datetime a stream state's cursor stands at (`get_cursor_datetime_from_state`), for a
    /// `StateDelegatingStream`'s `api_retention_period`; `nil` when this cursor cannot read it.
    func cursorDatetime(fromState state: JSONObject, now: PythonDatetime) -> PythonDatetime?
}

extension StreamCursor {
    func observe(_ records: [JSONValue], slice: StreamSlice) {
        for record in records { observe(record, slice: slice) }
    }
}

/// `FinalStateCursor`: a full-refresh stream checkpoints `{"__ab_no_cursor_state_message": true}` once.
final class FinalStateCursor: StreamCursor {
    var cursorField: String? { nil }
    func currentState() -> JSONObject { ["__ab_no_cursor_state_message": true] }
    func observe(_ record: JSONValue, slice: StreamSlice) {}
    func observe(_ records: [JSONValue], slice: StreamSlice) {}
    func observe(_ records: RawRecords, slice: StreamSlice) {}
    func closePartition(_ slice: StreamSlice) -> JSONObject? { nil }
    func finalState() -> JSONObject { currentState() }
    func shouldBeSynced(_ record: JSONValue, slice: StreamSlice) -> Bool { true }

    /// A completed full refresh (`__ab_no_cursor_state_message`) is current: now.
    func cursorDatetime(fromState state: JSONObject, now: PythonDatetime) -> PythonDatetime? {
        guard let flag = state["__ab_no_cursor_state_message"], ManifestTruthiness.isTruthy(flag) else { return nil }
        return now
    }
}

/// A span of time: a `timedelta` or an `isodate.Duration` with months and years.
struct Gap: Sendable {
    let duration: ISODuration

    static func parse(_ text: String) throws(TemplateError) -> Gap { Gap(duration: try ISODuration.parse(text)) }

    func added(to datetime: PythonDatetime) throws(TemplateError) -> PythonDatetime { try duration.added(to: datetime) }
    func subtracted(from datetime: PythonDatetime) throws(TemplateError) -> PythonDatetime { try duration.subtracted(from: datetime) }
}
