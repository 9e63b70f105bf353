internal import AirbyteProtocol
internal import Jinja

/// What `SPLIT_USING_CURSOR` needs of a stream's cursor (`ConcurrentCursor.reduce_slice_range`):
/// its field, how it reads a record's value and writes it into a slice, and the slice's bound
/// names. A datetime cursor's values go through its state converter; an
/// `IncrementingCountCursor`'s are the numbers as written (its converter's `parse_value` and
/// `output_format` keep them as they are).
struct CursorSliceSplitter: Sendable {
    enum Values: Sendable {
        case datetime(DatetimeStateConverter)
        case count
    }

    /// A cursor value read from a record.
    enum Point: Sendable, Comparable {
        case datetime(PythonDatetime)
        case count(IncrementingCountCursor.Value)

        static func < (lhs: Point, rhs: Point) -> Bool {
            switch (lhs, rhs) {
            case (.datetime(let left), .datetime(let right)): left < right
            case (.count(let left), .count(let right)): left < right
            default: false
            }
        }
    }

    let cursorField: String
    let values: Values
    let startField: String
    let endField: String

    /// A record's cursor value; `nil` when it has none the cursor can read.
    func point(_ raw: JSONValue) -> Point? {
        switch values {
        case .datetime(let converter): (try? converter.parse(raw)).map(Point.datetime)
        case .count: IncrementingCountCursor.Value(raw).map(Point.count)
        }
    }

    /// `output_format`: the value as the narrowed slice's start.
    func output(_ point: Point) -> JSONValue {
        switch (values, point) {
        case (.datetime(let converter), .datetime(let value)): .string(converter.output(value))
        case (_, .count(let value)): value.json
        case (.count, .datetime(let value)): .string("\(value)")
        }
    }
}
