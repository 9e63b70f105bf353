/// The items of a generator, and its Python type name.
struct IteratorValue: Sendable {
    let elements: [JinjaValue]
    let typeName: String
}

/// A tuple with field names, like `datetime.IsoCalendarDate(year=2024, week=1, weekday=1)`.
struct NamedTuple: Sendable {
    let typeName: String
    let fields: [String]
    let values: [JinjaValue]
}

/// What an undefined value remembers for its error message, and whether it came from
/// an attribute the sandbox refuses.
struct Undefined: Sendable {
    var hint: String?
    var isUnsafe = false
}
