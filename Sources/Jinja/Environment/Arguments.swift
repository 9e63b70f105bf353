/// The arguments of a call, filter or test: positional values and keyword values,
/// bound to parameter names the way Python binds them.
public struct JinjaArguments: Sendable {
    /// Positional arguments in order (for a filter or test, without the value it applies to).
    public var positional: [JinjaValue]
    /// Keyword arguments in order.
    public var keyword: [(String, JinjaValue)]

    public init(_ positional: [JinjaValue] = [], keyword: [(String, JinjaValue)] = []) {
        self.positional = positional
        self.keyword = keyword
    }

    /// Binds the arguments to `parameters` as Python does for
    /// `def f(p0, p1=d1, ...)`: positional first, then keywords by name; `defaults`
    /// belong to the last parameters, as in Python. A missing parameter without
    /// default, an unknown keyword or too many arguments is a `TypeError` naming `function`.
    public func bind(_ function: String, _ parameters: [String], defaults: [JinjaValue]) throws(TemplateError) -> [JinjaValue] {
        guard positional.count <= parameters.count else {
            throw .type("\(function)() takes \(parameters.count) positional arguments but \(positional.count) were given")
        }
        var bound: [JinjaValue?] = positional.map { $0 } + Array(repeating: nil, count: parameters.count - positional.count)
        for (name, value) in keyword {
            guard let index = parameters.firstIndex(of: name) else {
                throw .type("\(function)() got an unexpected keyword argument '\(name)'")
            }
            guard bound[index] == nil else { throw .type("\(function)() got multiple values for argument '\(name)'") }
            bound[index] = value
        }
        var result: [JinjaValue] = []
        result.reserveCapacity(parameters.count)
        for (index, value) in bound.enumerated() {
            if let value {
                result.append(value)
            } else if index >= parameters.count - defaults.count {
                result.append(defaults[index - (parameters.count - defaults.count)])
            } else {
                throw .type("\(function)() missing required argument: '\(parameters[index])'")
            }
        }
        return result
    }

    /// A `TypeError` unless there are no keyword arguments.
    func noKeywords(_ function: String) throws(TemplateError) {
        if let first = keyword.first { throw .type("\(function)() takes no keyword arguments (got '\(first.0)')") }
    }
}

typealias Arguments = JinjaArguments

/// What a function, filter or test may use besides its arguments.
struct CallContext: Sendable {
    let environment: JinjaEnvironment
}
