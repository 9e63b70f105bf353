import AirbyteProtocol

/// A Python list: Jinja values, or JSON values converted when read (a template that
/// reads one field of a large response converts only that field).
struct JinjaList: Sendable {
    private enum Backing: Sendable {
        case native([JinjaValue])
        case json([JSONValue])
    }

    private var backing: Backing

    init(_ values: [JinjaValue]) { backing = .native(values) }
    init(json values: [JSONValue]) { backing = .json(values) }

    var count: Int {
        switch backing {
        case .native(let values): return values.count
        case .json(let values): return values.count
        }
    }

    var isEmpty: Bool { count == 0 }

    subscript(index: Int) -> JinjaValue {
        switch backing {
        case .native(let values): return values[index]
        case .json(let values): return JinjaValue(values[index])
        }
    }

    /// All elements as Jinja values.
    var elements: [JinjaValue] {
        get {
            switch backing {
            case .native(let values): return values
            case .json(let values): return values.map { JinjaValue($0) }
            }
        }
        set { backing = .native(newValue) }
    }

    /// The JSON values when the list came from JSON unchanged.
    var jsonElements: [JSONValue]? {
        if case .json(let values) = backing { return values }
        return nil
    }
}
