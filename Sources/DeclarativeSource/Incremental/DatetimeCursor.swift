internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja
internal import Synchronization

/// The CDK's `ConcurrentCursor` built from a `DatetimeBasedCursor`: time windows from the
/// start (or the state) to the end, `step` wide, with sequential state
/// `{"<cursor_field>": "<value>"}` computed from the first contiguous block of closed windows.
final class DatetimeCursor: StreamCursor {
    let cursorFieldKey: String
    let converter: DatetimeStateConverter
    let sliceBoundaryFields: (start: String, end: String)
    let start: PythonDatetime?
    let endProvider: @Sendable () throws -> PythonDatetime
    let lookback: Gap?
    let step: Gap?
    let granularity: Gap?
    let clamping: Clamping?
    /// `is_compare_strictly`: the API refuses a window whose start equals its end.
    let comparesStrictly: Bool
    /// How the newest cursor value of a page is found without parsing each one, when the
    /// cursor has a single format of that kind.
    private let textOrder: FixedWidthDatetimeOrder?

    private struct State {
        var slices: [DateRangeSlice]
        var legacy: JSONObject
        var syncStart: PythonDatetime
        var mostRecentPerSlice: [StreamSlice: PythonDatetime] = [:]
        var hasClosedAtLeastOneSlice = false
    }

    private let state: Mutex<State>

    var cursorField: String? { cursorFieldKey }

    init(
        cursorField: String, converter: DatetimeStateConverter, sliceBoundaryFields: (String, String),
        start: PythonDatetime?, endProvider: @escaping @Sendable () throws -> PythonDatetime,
        lookback: Gap?, step: Gap?, granularity: Gap?, clamping: Clamping? = nil, comparesStrictly: Bool = false,
        streamState: JSONObject
    ) throws {
        cursorFieldKey = cursorField
        self.converter = converter
        self.sliceBoundaryFields = sliceBoundaryFields
        self.start = start
        self.endProvider = endProvider
        self.lookback = lookback
        self.step = step
        self.granularity = granularity
        self.clamping = clamping
        self.comparesStrictly = comparesStrictly
        let formats = Set(converter.inputFormats)
        textOrder = formats.count == 1 ? formats.first.flatMap(FixedWidthDatetimeOrder.init(format:)) : nil
        state = Mutex(try Self.initialState(streamState, cursorField: cursorField, converter: converter, start: start))
    }

    /// `_get_concurrent_state`.
    private static func initialState(
        _ streamState: JSONObject, cursorField: String, converter: DatetimeStateConverter,
        start: PythonDatetime?
    ) throws -> State {
        if let type = streamState["state_type"]?.stringValue, ["date-range", "integer"].contains(type) {
            var slices: [DateRangeSlice] = []
            for case .object(let slice) in streamState["slices"]?.arrayValue ?? [] {
                guard let startValue = slice["start"], let endValue = slice["end"] else { continue }
                slices.append(
                    DateRangeSlice(
                        start: try converter.parse(startValue), end: try converter.parse(endValue),
                        mostRecent: try slice["most_recent_cursor_value"].map { try converter.parse($0) }))
            }
            let first = slices.first.map { $0.mostRecent ?? $0.end }
            guard let syncStart = first ?? start else {
                throw SourceFailure.system("The state of a datetime cursor has no slices and the cursor no start")
            }
            return State(slices: slices, legacy: streamState["legacy"]?.objectValue ?? JSONObject(), syncStart: syncStart)
        }
        // convert_from_sequential_state
        guard var syncStart = start else {
            throw SourceFailure.system("A datetime cursor needs a start_datetime")
        }
        if let previous = streamState[cursorField] {
            let lowWaterMark = try converter.parse(previous)
            if lowWaterMark >= syncStart { syncStart = lowWaterMark }
        }
        return State(
            slices: [DateRangeSlice(start: start ?? syncStart, end: syncStart, mostRecent: syncStart)],
            legacy: streamState, syncStart: syncStart)
    }

    /// The sync's effective start (`self.start` in the CDK: the state's value when later than the start).
    var syncStart: PythonDatetime { state.withLock { $0.syncStart } }

    func currentState() throws -> JSONObject {
        try state.withLock { state in try stateMessage(&state) }
    }

    /// `convert_to_state_message`: the legacy state with the cursor field set to the end of
    /// the first contiguous block of processed time.
    private func stateMessage(_ state: inout State) throws -> JSONObject {
        let merged = try converter.merge(state.slices)
        guard let first = merged.first else {
            throw SourceFailure.system("Expected at least one slice but there were none. This is unexpected; please contact Support.")
        }
        state.legacy[cursorFieldKey] = .string(converter.output(first.mostRecent ?? first.start))
        return state.legacy
    }

    func observe(_ record: JSONValue, slice: StreamSlice) {
        guard let value = record[cursorFieldKey].flatMap(parsedCursorValue) else { return }
        remember(value, slice: slice)
    }

    /// A page at once: the slice's most recent value is looked up once, not per record, and a
    /// cursor value repeated within the page (records updated together) is parsed once.
    func observe(_ records: [JSONValue], slice: StreamSlice) {
        observe(cursorKeys: records.lazy.map { $0[self.cursorFieldKey] }, slice: slice, parse: parsedCursorValue)
    }

    /// A page taken from the response as bytes: the newest value found by comparing texts
    /// when the format allows (``FixedWidthDatetimeOrder``), else a repeated cursor value is
    /// known by its text.
    func observe(_ records: RawRecords, slice: StreamSlice) {
        if let textOrder, observeNewestText(records, order: textOrder, slice: slice) { return }
        observe(cursorKeys: (0..<records.count).lazy.map(records.cursorText(at:)), slice: slice) { text in
            (try? JSONValue(parsing: text.bytes)).flatMap(self.parsedCursorValue)
        }
    }

    /// Remembers the page's newest value from the greatest cursor text, parsing only that
    /// one; `false`, having remembered nothing, when a text has another shape or the
    /// greatest does not parse, so that every value must be parsed.
    private func observeNewestText(_ records: RawRecords, order: FixedWidthDatetimeOrder, slice: StreamSlice) -> Bool {
        var newest: ArraySlice<UInt8>?
        for index in 0..<records.count {
            guard let text = records.cursorText(at: index)?.bytes, !text.elementsEqual("null".utf8) else { continue }
            guard order.matches(quoted: text) else { return false }
            if let current = newest, !current.lexicographicallyPrecedes(text) { continue }
            newest = text
        }
        guard let newest else { return true }
        guard let value = (try? JSONValue(parsing: newest)).flatMap(parsedCursorValue) else { return false }
        remember(value, slice: slice)
        return true
    }

    /// Remembers the newest of a page's cursor values, each distinct key (a value, or its
    /// text) parsed once.
    private func observe<Key: Hashable>(
        cursorKeys: some Sequence<Key?>, slice: StreamSlice, parse: (Key) -> PythonDatetime?
    ) {
        var newest: PythonDatetime?
        var parsed: [Key: PythonDatetime?] = [:]
        parsed.reserveCapacity(min(cursorKeys.underestimatedCount, 128))
        for key in cursorKeys {
            guard let key else { continue }
            let value: PythonDatetime?
            if let known = parsed[key] {
                value = known
            } else {
                value = parse(key)
                parsed[key] = value
            }
            guard let value else { continue }
            if let current = newest, !(current < value) { continue }
            newest = value
        }
        if let newest { remember(newest, slice: slice) }
    }

    /// A record's cursor value as a datetime; `nil` for `null` or a value that does not parse.
    private func parsedCursorValue(_ raw: JSONValue) -> PythonDatetime? {
        raw == .null ? nil : try? converter.parse(raw)
    }

    private func remember(_ value: PythonDatetime, slice: StreamSlice) {
        state.withLock { state in
            if let current = state.mostRecentPerSlice[slice] {
                if current < value { state.mostRecentPerSlice[slice] = value }
            } else {
                state.mostRecentPerSlice[slice] = value
            }
        }
    }

    func closePartition(_ slice: StreamSlice) throws -> JSONObject? {
        try state.withLock { state in
            let mostRecent = state.mostRecentPerSlice[slice]
            guard let startValue = slice[sliceBoundaryFields.start], let endValue = slice[sliceBoundaryFields.end] else {
                throw SourceFailure.system("Partition is expected to have key `\(sliceBoundaryFields.start)` but could not be found")
            }
            state.slices.append(
                DateRangeSlice(start: try converter.parse(startValue), end: try converter.parse(endValue), mostRecent: mostRecent))
            state.slices = try converter.merge(state.slices)
            state.hasClosedAtLeastOneSlice = true
            return try stateMessage(&state)
        }
    }

    func finalState() throws -> JSONObject { try currentState() }

    func cursorDatetime(fromState state: JSONObject, now: PythonDatetime) -> PythonDatetime? {
        converter.cursorDatetime(fromState: state, cursorField: cursorFieldKey)
    }

    func shouldBeSynced(_ record: JSONValue, slice: StreamSlice) -> Bool {
        guard let raw = record[cursorFieldKey], raw != .null, let value = try? converter.parse(raw) else { return true }
        guard let end = try? endProvider() else { return true }
        return lowestValueToSync <= value && value <= end
    }

    /// `_lowest_cursor_value_to_sync` (CDK 7.3x): the records the lookback window reads again
    /// are kept, never below the configured start (or the state, when that is earlier).
    private var lowestValueToSync: PythonDatetime {
        let syncStart = self.syncStart
        guard let lookback, let lower = try? lookback.subtracted(from: syncStart) else { return syncStart }
        guard let start else { return lower }
        return max(lower, min(syncStart, start))
    }

    // MARK: Slicing

    /// `stream_slices`: windows over the gaps in the processed intervals, then from the end
    /// of the last one (minus the lookback) to the end.
    func slices() throws -> [StreamSlice] {
        let slicesState = try state.withLock { state in
            state.slices = try converter.merge(state.slices)
            return state.slices
        }
        var result: [StreamSlice] = []
        guard let first = slicesState.first else { throw SourceFailure.system("Expected at least one slice") }
        if let start, start < first.start {
            try split(lower: start, upper: first.start, upperIsEnd: false, into: &result)
        }
        if slicesState.count > 1 {
            for index in 0..<(slicesState.count - 1) {
                let lower = granularity != nil ? try granularity!.added(to: slicesState[index].end) : slicesState[index].end
                try split(lower: lower, upper: slicesState[index + 1].start, upperIsEnd: false, into: &result)
            }
        }
        let lastEnd = slicesState[slicesState.count - 1].end
        let lower = try lookback.map { try $0.subtracted(from: lastEnd) } ?? lastEnd
        try split(lower: lower, upper: try endProvider(), upperIsEnd: true, into: &result)
        return result
    }

    private func split(lower initialLower: PythonDatetime, upper: PythonDatetime, upperIsEnd: Bool, into result: inout [StreamSlice]) throws
    {
        if initialLower > upper || (initialLower == upper && granularity == nil) { return }
        if let start, upper < start { return }
        func make(_ lower: PythonDatetime, _ upper: PythonDatetime) -> StreamSlice {
            StreamSlice(
                cursorSlice: JSONObject([
                    (sliceBoundaryFields.start, .string(converter.output(lower))),
                    (sliceBoundaryFields.end, .string(converter.output(upper))),
                ]))
        }
        func ceiling(_ value: PythonDatetime) throws -> PythonDatetime { try clamping?.ceiling(value) ?? value }
        // Clamped first (CDK 7.3x), so a step shorter than the clamping period keeps its first window.
        let lower = try ceiling(start.map { max(initialLower, $0) } ?? initialLower)
        // With a granularity the last window includes `upper`, so `lower == upper` is one unit to
        // read, unless the API compares strictly; in a gap, the next window already reads `upper`.
        if lower > upper || (lower == upper && (comparesStrictly || !upperIsEnd)) { return }
        guard let step, let firstUpper = try? step.added(to: lower), firstUpper < upper else {
            // With a granularity `upper` is the last unit to read: clamping it would read past the end.
            let clampedUpper = upperIsEnd && granularity != nil ? upper : try ceiling(upper)
            if let granularity, !upperIsEnd {
                result.append(make(lower, try granularity.subtracted(from: clampedUpper)))
            } else {
                result.append(make(lower, clampedUpper))
            }
            return
        }
        var current = lower
        while true {
            let stepped = (try? step.added(to: current)) ?? upper
            let currentUpper = min(stepped, upper)
            // The end itself is not clamped: the end provider already was.
            let clampedUpper = currentUpper != upper ? try ceiling(currentUpper) : currentUpper
            // A boundary clamped onto the end makes this the last window.
            let reachedUpper = currentUpper >= upper || clampedUpper == upper
            let clampedLower = try ceiling(current)
            if clampedLower >= clampedUpper { break }
            if let granularity, !upperIsEnd || !reachedUpper {
                result.append(make(clampedLower, try granularity.subtracted(from: clampedUpper)))
            } else {
                result.append(make(clampedLower, clampedUpper))
            }
            current = clampedUpper
            if reachedUpper { break }
        }
    }
}
