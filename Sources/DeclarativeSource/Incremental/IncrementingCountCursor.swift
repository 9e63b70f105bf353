internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
internal import Synchronization

/// The CDK's `ConcurrentCursor` built from an `IncrementingCountCursor`, with its
/// `IncrementingCountStreamStateConverter` (`create_concurrent_cursor_from_incrementing_count_cursor`).
///
/// The stream is read in one slice, `{"start": <sync start>, "end": inf}`: the sync start is
/// the state's value when it is at least `start_value`, else `start_value` (0 without one).
/// `start_value_option` sends the slice's `start`. The state is sequential,
/// `{"<cursor_field>": <the highest value read>}` (the incoming state's other keys kept); a
/// partition that read no record (or only records whose value is 0) emits no state when it
/// closes, and the final state is then the sync start. Cursor values are kept as the records
/// have them and compared as Python numbers.
final class IncrementingCountCursor: StreamCursor {
    /// A cursor value: a number as written, compared as Python compares `int`s and `float`s.
    struct Value: Sendable, Comparable {
        let json: JSONValue

        init(_ value: Int) { json = .number(String(value)) }
        private init(json: JSONValue) { self.json = json }

        /// A value from a record or a state; `nil` when it is not a number (Python would fail
        /// comparing it with the start's `int`).
        init?(_ value: JSONValue) {
            guard case .number(let text) = value, Double(text) != nil else { return nil }
            json = value
        }

        /// Python's float('inf'): the slice's end. JSON has no infinity; `1e999` is read as one.
        static let infinity = Value(json: .number("1e999"))

        private var integer: Int64? { json.int64Value }
        private var double: Double { json.doubleValue ?? .nan }

        /// Python truthiness: 0 is falsy.
        var isTruthy: Bool { integer.map { $0 != 0 } ?? (double != 0) }

        static func < (lhs: Value, rhs: Value) -> Bool {
            if let left = lhs.integer, let right = rhs.integer { return left < right }
            return lhs.double < rhs.double
        }

        static func == (lhs: Value, rhs: Value) -> Bool {
            if let left = lhs.integer, let right = rhs.integer { return left == right }
            return lhs.double == rhs.double
        }

        /// `increment(self) >= other`, without overflowing.
        func incremented(reaches other: Value) -> Bool {
            if let value = integer, let right = other.integer {
                let (next, overflow) = value.addingReportingOverflow(1)
                return overflow || next >= right
            }
            return double + 1 >= other.double
        }
    }

    /// One processed interval of the concurrent state.
    struct Interval: Sendable {
        var start: Value
        var end: Value
        var mostRecent: Value?
    }

    private struct State {
        var intervals: [Interval]
        var legacy: JSONObject
        var mostRecentPerSlice: [StreamSlice: Value] = [:]
        /// A record's cursor value that is not a number (the CDK fails comparing it).
        var invalidValue: JSONValue?
        var hasClosedAtLeastOneSlice = false
    }

    let cursorFieldKey: String
    let start: Value
    /// `self.start` in the CDK: where this sync starts.
    let syncStart: Value
    private let state: Mutex<State>

    var cursorField: String? { cursorFieldKey }

    init(cursorField: String, start: Int, streamState: JSONObject) throws {
        cursorFieldKey = cursorField
        let startValue = Value(start)
        self.start = startValue
        if let type = streamState["state_type"]?.stringValue, ["date-range", "integer"].contains(type) {
            var intervals: [Interval] = []
            for case .object(let slice) in streamState["slices"]?.arrayValue ?? [] {
                intervals.append(
                    Interval(
                        start: try Self.value(slice["start"], in: "the state's slice start"),
                        end: try Self.value(slice["end"], in: "the state's slice end"),
                        mostRecent: try slice["most_recent_cursor_value"].map { try Self.value($0, in: "the state's slice") }))
            }
            let fromState = intervals.first.map { $0.mostRecent ?? $0.end }
            syncStart = fromState.flatMap { $0.isTruthy ? $0 : nil } ?? startValue
            state = Mutex(State(intervals: intervals, legacy: streamState["legacy"]?.objectValue ?? JSONObject()))
            return
        }
        // convert_from_sequential_state
        var syncStart = startValue
        if let previous = streamState[cursorField], previous != .null {
            let lowWaterMark = try Self.value(previous, in: "the state's `\(cursorField)`")
            if lowWaterMark.isTruthy && lowWaterMark >= startValue { syncStart = lowWaterMark }
        }
        self.syncStart = syncStart
        state = Mutex(
            State(intervals: [Interval(start: startValue, end: syncStart, mostRecent: syncStart)], legacy: streamState))
    }

    private static func value(_ json: JSONValue?, in place: String) throws -> Value {
        guard let json, let value = Value(json) else {
            throw SourceFailure.system("An IncrementingCountCursor needs numbers: \(place) is \(json?.jsonText ?? "missing")")
        }
        return value
    }

    func currentState() throws -> JSONObject {
        try state.withLock { state in try stateMessage(&state) }
    }

    /// `convert_to_state_message`: the legacy state with the cursor field set to the most
    /// recent value of the first contiguous block of intervals (or its start).
    private func stateMessage(_ state: inout State) throws -> JSONObject {
        guard let first = Self.merge(state.intervals).first else {
            throw SourceFailure.system("Expected at least one slice but there were none. This is unexpected; please contact Support.")
        }
        state.legacy[cursorFieldKey] = (first.mostRecent.flatMap { $0.isTruthy ? $0 : nil } ?? first.start).json
        return state.legacy
    }

    /// `merge_intervals`: sorted by (start, end), an interval that starts at most one after
    /// the previous one's end joins it.
    static func merge(_ intervals: [Interval]) -> [Interval] {
        let sorted = intervals.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged: [Interval] = []
        for current in sorted {
            guard var last = merged.last, last.end.incremented(reaches: current.start) else {
                merged.append(current)
                continue
            }
            last.end = max(last.end, current.end)
            switch (last.mostRecent, current.mostRecent) {
            case (let left?, let right?) where left.isTruthy && right.isTruthy: last.mostRecent = max(left, right)
            case (let left, let right): last.mostRecent = right.flatMap { $0.isTruthy ? $0 : nil } ?? left
            }
            merged[merged.count - 1] = last
        }
        return merged
    }

    func observe(_ record: JSONValue, slice: StreamSlice) {
        observe(cursorValues: CollectionOfOne(record[cursorFieldKey]), slice: slice)
    }

    func observe(_ records: [JSONValue], slice: StreamSlice) {
        observe(cursorValues: records.lazy.map { $0[self.cursorFieldKey] }, slice: slice)
    }

    func observe(_ records: RawRecords, slice: StreamSlice) {
        observe(cursorValues: (0..<records.count).lazy.map(records.cursorValue(at:)), slice: slice)
    }

    private func observe(cursorValues: some Sequence<JSONValue?>, slice: StreamSlice) {
        state.withLock { state in
            var newest = state.mostRecentPerSlice[slice]
            for raw in cursorValues {
                // A missing or null value is skipped (the CDK logs it once).
                guard let raw, raw != .null else { continue }
                guard let value = Value(raw) else {
                    if state.invalidValue == nil { state.invalidValue = raw }
                    continue
                }
                if let current = newest, !(current < value) { continue }
                newest = value
            }
            if let newest { state.mostRecentPerSlice[slice] = newest }
        }
    }

    func closePartition(_ slice: StreamSlice) throws -> JSONObject? {
        try state.withLock { state in
            if let invalid = state.invalidValue {
                throw SourceFailure.system(
                    "The IncrementingCountCursor's field `\(cursorFieldKey)` holds \(invalid.jsonText), not a number: "
                        + "the cursor cannot compare it with its start value")
            }
            defer { state.hasClosedAtLeastOneSlice = true }
            guard let mostRecent = state.mostRecentPerSlice[slice], mostRecent.isTruthy else { return nil }
            if state.hasClosedAtLeastOneSlice {
                throw SourceFailure.system(
                    "Given that slice_boundary_fields is not defined and that per-partition state is not supported, only one slice is "
                        + "expected. Please contact the Airbyte team.")
            }
            state.intervals.append(Interval(start: syncStart, end: mostRecent, mostRecent: mostRecent))
            state.intervals = Self.merge(state.intervals)
            return try stateMessage(&state)
        }
    }

    func finalState() throws -> JSONObject { try currentState() }

    /// Counts are not datetimes (the CDK refuses `api_retention_period` with this cursor).
    func cursorDatetime(fromState state: JSONObject, now: PythonDatetime) -> PythonDatetime? { nil }

    func shouldBeSynced(_ record: JSONValue, slice: StreamSlice) -> Bool {
        guard let raw = record[cursorFieldKey], raw != .null, let value = Value(raw) else { return true }
        return syncStart <= value
    }

    /// `stream_slices`: the gaps between processed intervals, then from the end of the last
    /// one to infinity; with sequential state, one slice from the sync start.
    func slices() throws -> [StreamSlice] {
        let intervals = state.withLock { state in
            state.intervals = Self.merge(state.intervals)
            return state.intervals
        }
        guard let first = intervals.first else { throw SourceFailure.system("Expected at least one slice") }
        var result: [StreamSlice] = []
        func add(_ lower: Value, _ upper: Value) {
            if lower >= upper { return }
            if start.isTruthy && upper < start { return }
            let lower = start.isTruthy ? max(lower, start) : lower
            result.append(StreamSlice(cursorSlice: JSONObject([("start", lower.json), ("end", upper.json)])))
        }
        if start < first.start { add(start, first.start) }
        for index in intervals.indices.dropLast() { add(intervals[index].end, intervals[index + 1].start) }
        add(intervals[intervals.count - 1].end, .infinity)
        return result
    }
}

extension IncrementingCountCursor {
    /// Builds the cursor from its definition and the stream's state: `cursor_field` and
    /// `start_value` evaluated with the config (`int()` of the latter).
    convenience init(_ node: ComponentNode, streamName: String, streamState: JSONObject, context: BuildContext) throws(ManifestError) {
        let parameters = node.parameters
        func evaluate(_ text: String) throws(ManifestError) -> JinjaValue {
            do {
                return try InterpolatedString(text, parameters: parameters, in: context.interpolation).eval(context.configValue)
            } catch {
                throw ManifestError(.invalidComponent, at: node.path, "\(error)")
            }
        }
        let allowsCatalogField = try node.bool("allow_catalog_defined_cursor_field", default: false)
        var field = try context.catalogCursorField(for: streamName, allowed: allowsCatalogField, at: node) ?? ""
        if field.isEmpty { field = try evaluate(try node.string("cursor_field")).description }
        var start = 0
        switch node["start_value"] {
        case nil, .null?: break
        case .number(let text)?, .string(let text)?:
            let value = try evaluate(text)
            guard let integer = value.pythonInt else {
                throw node.invalid("start_value", "invalid literal for int() with base 10: '\(value.description)'")
            }
            start = integer
        default: throw node.invalid("start_value", "`start_value` must be a string or an integer")
        }
        do {
            try self.init(cursorField: field, start: start, streamState: streamState)
        } catch {
            throw ManifestError(.invalidComponent, at: node.path, "\(error)")
        }
    }
}
