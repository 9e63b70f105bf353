/// Python equality, ordering, truthiness and hashing.
extension JinjaValue: Equatable, Hashable {
    /// Python `==`: numbers compare by value across `bool`, `int` and `float`; a list
    /// never equals a tuple; a naive datetime never equals an aware one.
    public static func == (lhs: JinjaValue, rhs: JinjaValue) -> Bool {
        switch (lhs.storage, rhs.storage) {
        case (.undefined, .undefined), (.none, .none): return true
        case (.string(let a), .string(let b)): return a == b
        case (.bytes(let a), .bytes(let b)): return a == b
        case (.list(let a), .list(let b)): return a.count == b.count && a.elements == b.elements
        case (.tuple(let a), .tuple(let b)): return a == b
        case (.namedTuple(let a), .namedTuple(let b)): return a.values == b.values
        case (.namedTuple(let a), .tuple(let b)), (.tuple(let b), .namedTuple(let a)): return a.values == b
        case (.ellipsis, .ellipsis): return true
        case (.set(let a), .set(let b)): return a.count == b.count && a.allSatisfy { b.contains($0) }
        case (.dict(let a), .dict(let b)): return dictEqual(a, b)
        case (.streamSlice(let a), .dict(let b)), (.dict(let b), .streamSlice(let a)): return dictEqual(a.merged, b)
        case (.streamSlice(let a), .streamSlice(let b)):
            return dictEqual(a.partition, b.partition) && dictEqual(a.cursorSlice, b.cursorSlice)
        case (.dictView(let a), .dictView(let b)):
            guard a.kind == b.kind, a.kind != .values else { return false }
            let (x, y) = (a.elements, b.elements)
            return x.count == y.count && x.allSatisfy { y.contains($0) }
        case (.datetime(let a), .datetime(let b)): return a == b
        case (.date(let a), .date(let b)): return a == b
        case (.timedelta(let a), .timedelta(let b)): return a == b
        case (.duration(let a), .duration(let b)):
            guard case .calendar(let y1, let m1, let r1) = a, case .calendar(let y2, let m2, let r2) = b else { return a == b }
            return y1 * 12 + m1 == y2 * 12 + m2 && r1 == r2
        case (.namespace(let a), .namespace(let b)): return a === b
        case (.function(let a), .function(let b)): return a.name == b.name && a.repr == b.repr
        default:
            if let order = numericOrder(lhs, rhs) { return order == 0 }
            return false
        }
    }

    private static func dictEqual(_ a: JinjaDict, _ b: JinjaDict) -> Bool {
        guard a.count == b.count else { return false }
        for (key, value) in a.items {
            guard let other = b[key], other == value else { return false }
        }
        return true
    }

    /// The order of two numbers (`bool`, `int`, `float`), exact across kinds as in
    /// Python; `nil` when either is not a number or a NaN is involved.
    static func numericOrder(_ lhs: JinjaValue, _ rhs: JinjaValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a > b ? 1 : 0) }
        switch (lhs.numeric, rhs.numeric) {
        case (.int(let a)?, .int(let b)?): return sign(a, b)
        case (.float(let a)?, .float(let b)?): return a.isNaN || b.isNaN ? nil : sign(a, b)
        case (.int(let a)?, .float(let b)?): return compareIntFloat(a, b)
        case (.float(let a)?, .int(let b)?): return compareIntFloat(b, a).map { -$0 }
        case (.big(let a)?, .big(let b)?): return BigInteger.compare(a, b)
        case (.big(let a)?, .int(let b)?): return BigInteger.compare(a, b)
        case (.int(let a)?, .big(let b)?): return -BigInteger.compare(b, a)
        case (.big(let a)?, .float(let b)?): return b.isNaN ? nil : sign(a.doubleValue, b)
        case (.float(let a)?, .big(let b)?): return a.isNaN ? nil : sign(a, b.doubleValue)
        default: return nil
        }
    }

    private static func compareIntFloat(_ a: Int, _ b: Double) -> Int? {
        if b.isNaN { return nil }
        if b >= 9.223372036854775807e18 { return -1 }
        if b < -9.223372036854775808e18 { return 1 }
        let whole = b.rounded(.down)
        let wholeInt = Int(whole)
        if a != wholeInt { return a < wholeInt ? -1 : 1 }
        return whole == b ? 0 : -1
    }

    enum Numeric {
        case int(Int)
        case big(BigInteger)
        case float(Double)
    }

    /// The value as a Python number (`bool` counts as `int`), or `nil`.
    var numeric: Numeric? {
        switch storage {
        case .bool(let value): return .int(value ? 1 : 0)
        case .int(let value): return .int(value)
        case .bigInt(let value): return .big(value)
        case .float(let value): return .float(value)
        default: return nil
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch storage {
        case .undefined: hasher.combine(0)
        case .none: hasher.combine(1)
        case .bool(let value): hasher.combine(value ? 1 : 0)
        case .int(let value): hasher.combine(value)
        case .bigInt(let value): hasher.combine(value)
        case .float(let value):
            if value == value.rounded(), abs(value) < 9.2e18 { hasher.combine(Int(value)) } else { hasher.combine(value) }
        case .string(let value): hasher.combine(value)
        case .bytes(let value): hasher.combine(value)
        case .tuple(let values): hasher.combine(values)
        case .list(let list): hasher.combine(list.count)
        case .set(let values): hasher.combine(values.count)
        case .dict(let dict): hasher.combine(dict.count)
        case .streamSlice(let slice): hasher.combine(slice.merged.count)
        case .dictView(let view): hasher.combine(view.dict.count)
        case .datetime(let value): hasher.combine(value)
        case .date(let value): hasher.combine(value)
        case .timedelta(let value): hasher.combine(value)
        case .duration(let value): hasher.combine(value)
        case .namespace(let value): hasher.combine(ObjectIdentifier(value))
        case .loop: hasher.combine(2)
        case .function(let value): hasher.combine(value.name)
        case .iterator(let value): hasher.combine(value.elements.count)
        case .namedTuple(let value): hasher.combine(value.values)
        case .ellipsis: hasher.combine(3)
        }
    }

    /// A `TypeError` unless the value may be a dict key or set member in Python.
    func checkHashable() throws(TemplateError) {
        switch storage {
        case .list, .dict, .set, .dictView, .streamSlice, .loop:
            throw .type("unhashable type: '\(typeName)'")
        case .tuple(let values):
            for value in values { try value.checkHashable() }
        case .namedTuple(let tuple):
            for value in tuple.values { try value.checkHashable() }
        default: return
        }
    }

    /// Python truthiness; Jinja's undefined is false.
    public var isTruthy: Bool {
        switch storage {
        case .undefined, .none: return false
        case .bool(let value): return value
        case .int(let value): return value != 0
        case .bigInt: return true
        case .float(let value): return value != 0
        case .string(let value): return !value.isEmpty
        case .bytes(let value): return !value.isEmpty
        case .list(let list): return !list.isEmpty
        case .tuple(let values), .set(let values): return !values.isEmpty
        case .namedTuple(let tuple): return !tuple.values.isEmpty
        case .ellipsis: return true
        case .dict(let dict): return !dict.isEmpty
        case .dictView(let view): return !view.dict.isEmpty
        case .streamSlice(let slice): return !slice.merged.isEmpty || !slice.extraFields.isEmpty
        case .timedelta(let value): return value != .zero
        case .datetime, .date, .duration, .namespace, .loop, .function, .iterator: return true
        }
    }

    /// Python's `<`, `<=`, `>`, `>=` as -1, 0 or 1, or `nil` when unordered (a NaN):
    /// a `TypeError` between kinds Python does not order, an `UndefinedError` when
    /// either side is undefined.
    func compare(_ other: JinjaValue, _ symbol: String) throws(TemplateError) -> Int? {
        if case .undefined(let undefined) = storage { throw undefined.error }
        if case .undefined(let undefined) = other.storage { throw undefined.error }
        if numeric != nil, other.numeric != nil { return JinjaValue.numericOrder(self, other) }
        switch (storage, other.storage) {
        case (.string(let a), .string(let b)):
            // Python orders strings by code point, not by Swift's canonical equivalence.
            return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars, by: { $0.value < $1.value })
                ? -1 : (a.unicodeScalars.elementsEqual(b.unicodeScalars) ? 0 : 1)
        case (.bytes(let a), .bytes(let b)):
            return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        case (.list(let a), .list(let b)): return try Self.compareSequences(a.elements, b.elements, symbol)
        case (.tuple(let a), .tuple(let b)): return try Self.compareSequences(a, b, symbol)
        case (.namedTuple(let a), .namedTuple(let b)): return try Self.compareSequences(a.values, b.values, symbol)
        case (.datetime(let a), .datetime(let b)): return try a.compare(b)
        case (.date(let a), .date(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.timedelta(let a), .timedelta(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        default:
            throw .type("'\(symbol)' not supported between instances of '\(typeName)' and '\(other.typeName)'")
        }
    }

    private static func compareSequences(_ a: [JinjaValue], _ b: [JinjaValue], _ symbol: String) throws(TemplateError) -> Int? {
        for (x, y) in zip(a, b) where x != y {
            return try x.compare(y, symbol)
        }
        return a.count < b.count ? -1 : (a.count == b.count ? 0 : 1)
    }

    /// The Python type name, as error messages show it.
    package var typeName: String {
        switch storage {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int, .bigInt: return "int"
        case .float: return "float"
        case .string: return "str"
        case .bytes: return "bytes"
        case .list: return "list"
        case .tuple: return "tuple"
        case .set: return "set"
        case .dict: return "dict"
        case .dictView(let view): return view.kind.rawValue
        case .streamSlice: return "StreamSlice"
        case .datetime: return "datetime.datetime"
        case .date: return "datetime.date"
        case .timedelta: return "datetime.timedelta"
        case .duration: return "Duration"
        case .namespace: return "Namespace"
        case .loop: return "LoopContext"
        case .function: return "builtin_function_or_method"
        case .iterator(let value): return value.typeName
        case .namedTuple(let value): return value.typeName
        case .ellipsis: return "ellipsis"
        }
    }
}

extension Undefined {
    /// The error using this undefined raises.
    var error: TemplateError {
        if isUnsafe { return TemplateError(.security, "access to attribute \(hint ?? "") is unsafe") }
        return .undefined(hint.map { "\($0) is undefined" } ?? "value is undefined")
    }
}
