internal import AirbyteProtocol
internal import DeclarativeManifest
internal import Jinja

/// `CustomFormatConcurrentStreamStateConverter`: cursor values formatted with the cursor's
/// `datetime_format`, parsed with `cursor_datetime_formats` then `datetime_format`.
struct DatetimeStateConverter: Sendable {
    let datetimeFormat: String
    let inputFormats: [String]
    let granularity: Gap?

    init(datetimeFormat: String, cursorDatetimeFormats: [String], granularity: Gap?) {
        self.datetimeFormat = datetimeFormat
        inputFormats = cursorDatetimeFormats + [datetimeFormat]
        self.granularity = granularity
    }

    func output(_ datetime: PythonDatetime) -> String {
        DatetimeParser.format(datetime, format: datetimeFormat)
    }

    /// `parse_timestamp`: the first input format that accepts the value.
    func parse(_ value: JSONValue) throws -> PythonDatetime {
        let text: String
        switch value {
        case .string(let string): text = string
        case .number(let number):
            // int(1.7e9) in Python for the epoch formats; str() otherwise.
            if let int = Int(number) {
                text = String(int)
            } else if let double = Double(number) {
                text =
                    inputFormats.contains(where: { ["%s", "%ms", "%epoch_microseconds"].contains($0) }) && double.rounded() == double
                    ? String(Int64(double)) : JinjaValue.float(double).description
            } else {
                text = number
            }
        case .bool(let flag): text = flag ? "True" : "False"
        case .null: text = "None"
        default: text = value.jsonText
        }
        do {
            return try DatetimeParser.parse(text, formats: inputFormats)
        } catch {
            throw SourceFailure.system("No format in \(inputFormats) matching \(text)")
        }
    }

    /// `ConcurrentCursor.get_cursor_datetime_from_state`: the first slice's most recent value
    /// (or end) of a date-range state, or the cursor field of a sequential one; `nil` when it is
    /// missing, falsy or not a datetime in the cursor's formats.
    func cursorDatetime(fromState state: JSONObject, cursorField: String) -> PythonDatetime? {
        let value: JSONValue?
        if let type = state["state_type"]?.stringValue, ["date-range", "integer"].contains(type) {
            guard case .object(let first)? = state["slices"]?.arrayValue?.first else { return nil }
            value = first["most_recent_cursor_value"].flatMap { ManifestTruthiness.isTruthy($0) ? $0 : nil } ?? first["end"]
        } else {
            value = state[cursorField]
        }
        guard let value, ManifestTruthiness.isTruthy(value) else { return nil }
        return try? parse(value)
    }

    /// `increment`: one granularity (1 ms by default) later.
    func increment(_ datetime: PythonDatetime) throws -> PythonDatetime {
        if let granularity { return try granularity.added(to: datetime) }
        return try datetime.adding(PythonTimedelta(milliseconds: 1))
    }
}

/// One processed interval of a date-range state.
struct DateRangeSlice: Sendable {
    var start: PythonDatetime
    var end: PythonDatetime
    var mostRecent: PythonDatetime?
}

extension DatetimeStateConverter {
    /// `merge_intervals`: sorted by start then end; intervals that touch (within one
    /// increment) are merged, keeping the highest cursor value seen.
    func merge(_ intervals: [DateRangeSlice]) throws -> [DateRangeSlice] {
        guard !intervals.isEmpty else { return [] }
        let sorted = intervals.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
        var merged = [sorted[0]]
        for current in sorted.dropFirst() {
            var last = merged[merged.count - 1]
            if try increment(last.end) >= current.start {
                last.end = max(last.end, current.end)
                switch (last.mostRecent, current.mostRecent) {
                case (let lastValue?, let currentValue?): last.mostRecent = max(lastValue, currentValue)
                default: last.mostRecent = current.mostRecent ?? last.mostRecent
                }
                merged[merged.count - 1] = last
            } else {
                merged.append(current)
            }
        }
        return merged
    }
}
