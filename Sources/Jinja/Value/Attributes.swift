/// Jinja's (sandboxed) attribute and item access, Python's `in`, iteration, indexing
/// and slicing.
enum Attributes {
    /// `obj.name`: a Python attribute (a method is returned bound), else the item
    /// `obj['name']`, else undefined. Attributes of undefined fail; dunder attributes
    /// are refused by the sandbox (an undefined that fails when used).
    static func getattr(_ object: JinjaValue, _ name: String, _ context: CallContext) throws(TemplateError) -> JinjaValue {
        if case .undefined(let undefined) = object.storage { throw undefined.error }
        if let value = try dataAttribute(object, name) { return value }
        if Methods.has(object, name) { return Methods.bound(object, name, context) }
        if name.hasPrefix("__") && name.hasSuffix("__") && name.count > 4 {
            return JinjaValue(storage: .undefined(Undefined(hint: "'\(name)'", isUnsafe: true)))
        }
        if let item = lookupItem(object, .string(name)) { return item }
        return missing(object, name)
    }

    /// `obj[key]`: the item, else (for a string key) the attribute, else undefined.
    static func getitem(_ object: JinjaValue, _ key: JinjaValue, _ context: CallContext) throws(TemplateError) -> JinjaValue {
        if case .undefined(let undefined) = object.storage { throw undefined.error }
        if let item = lookupItem(object, key) { return item }
        if case .string(let name) = key.storage {
            if let value = try dataAttribute(object, name) { return value }
            if Methods.has(object, name) { return Methods.bound(object, name, context) }
            if name.hasPrefix("__") && name.hasSuffix("__") && name.count > 4 {
                return JinjaValue(storage: .undefined(Undefined(hint: "'\(name)'", isUnsafe: true)))
            }
            return missing(object, name)
        }
        return JinjaValue(storage: .undefined(Undefined(hint: "\(object.typeName) object has no element \(key.pythonRepr)")))
    }

    private static func missing(_ object: JinjaValue, _ name: String) -> JinjaValue {
        JinjaValue(storage: .undefined(Undefined(hint: "'\(object.typeName) object' has no attribute '\(name)'")))
    }

    /// `obj[key]` without the attribute fallback, `nil` where Python raises.
    static func lookupItem(_ object: JinjaValue, _ key: JinjaValue) -> JinjaValue? {
        switch object.storage {
        case .dict(let dict): return dict[key]
        case .streamSlice(let slice): return slice.merged[key]
        case .list(let list):
            guard let index = index(key, count: list.count) else { return nil }
            return list[index]
        case .tuple(let values):
            guard let index = index(key, count: values.count) else { return nil }
            return values[index]
        case .namedTuple(let tuple):
            guard let index = index(key, count: tuple.values.count) else { return nil }
            return tuple.values[index]
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            guard let index = index(key, count: scalars.count) else { return nil }
            return .string(String(scalars[index]))
        case .bytes(let bytes):
            guard let index = index(key, count: bytes.count) else { return nil }
            return .int(Int(bytes[index]))
        default:
            return nil
        }
    }

    /// A Python index (`bool` counts; negative counts from the end) within `count`.
    static func index(_ key: JinjaValue, count: Int) -> Int? {
        guard case .int(let raw)? = key.numeric else { return nil }
        let index = raw < 0 ? raw + count : raw
        return (0..<count).contains(index) ? index : nil
    }

    /// Non-method attributes: `datetime.year`, `loop.index`, `slice.partition`, a namespace's.
    static func dataAttribute(_ object: JinjaValue, _ name: String) throws(TemplateError) -> JinjaValue? {
        switch object.storage {
        case .datetime(let dt):
            switch name {
            case "year": return .int(dt.year)
            case "month": return .int(dt.month)
            case "day": return .int(dt.day)
            case "hour": return .int(dt.hour)
            case "minute": return .int(dt.minute)
            case "second": return .int(dt.second)
            case "microsecond": return .int(dt.microsecond)
            case "fold": return .int(0)
            case "tzinfo": return dt.timeZone.map { tzinfoValue($0) } ?? JinjaValue.none
            default: return nil
            }
        case .date(let date):
            switch name {
            case "year": return .int(date.year)
            case "month": return .int(date.month)
            case "day": return .int(date.day)
            default: return nil
            }
        case .timedelta(let delta):
            switch name {
            case "days": return .int(delta.days)
            case "seconds": return .int(delta.seconds)
            case "microseconds": return .int(delta.microseconds)
            default: return nil
            }
        case .duration(.calendar(let years, let months, let rest)):
            switch name {
            case "years": return decimalValue(years)
            case "months": return decimalValue(months)
            case "tdelta": return .timedelta(rest)
            case "days": return .int(rest.days)
            case "seconds": return .int(rest.seconds)
            case "microseconds": return .int(rest.microseconds)
            default: return nil
            }
        case .streamSlice(let slice):
            switch name {
            case "partition", "_partition": return JinjaValue(storage: .dict(slice.partition))
            case "cursor_slice": return JinjaValue(storage: .dict(slice.cursorSlice))
            case "extra_fields": return JinjaValue(storage: .dict(slice.extraFields))
            default: return nil
            }
        case .namespace(let namespace):
            return namespace[name]
        case .namedTuple(let tuple):
            return tuple.fields.firstIndex(of: name).map { tuple.values[$0] }
        case .loop(let loop):
            switch name {
            case "index": return .int(loop.index0 + 1)
            case "index0": return .int(loop.index0)
            case "revindex": return .int(loop.length - loop.index0)
            case "revindex0": return .int(loop.length - loop.index0 - 1)
            case "first": return .bool(loop.index0 == 0)
            case "last": return .bool(loop.index0 == loop.length - 1)
            case "length": return .int(loop.length)
            case "depth": return .int(loop.depth0 + 1)
            case "depth0": return .int(loop.depth0)
            case "previtem":
                return loop.index0 > 0
                    ? loop.items[loop.index0 - 1] : JinjaValue(storage: .undefined(Undefined(hint: "there is no previous item")))
            case "nextitem":
                return loop.index0 + 1 < loop.length
                    ? loop.items[loop.index0 + 1] : JinjaValue(storage: .undefined(Undefined(hint: "there is no next item")))
            default: return nil
            }
        case .int, .bool, .bigInt:
            switch name {
            case "real", "numerator": return try object.positive()
            case "imag": return .int(0)
            case "denominator": return .int(1)
            default: return nil
            }
        case .float:
            switch name {
            case "real": return object
            case "imag": return .float(0)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// A `Decimal` year or month count shows as an integer when whole.
    private static func decimalValue(_ value: Double) -> JinjaValue {
        if let whole = Int(exactly: value) { return .int(whole) }
        return .float(value)
    }

    /// A datetime's `tzinfo` attribute: an object whose `str()` is its name.
    static func tzinfoValue(_ zone: PythonTimeZone) -> JinjaValue {
        let text = zone.style == .dateutilOffset ? zone.pythonRepr : (zone.name ?? zone.pythonRepr)
        return JinjaValue(
            storage: .function(
                JinjaFunction(name: zone.name ?? "tzinfo", repr: zone.pythonRepr, text: text) { _, _ throws(TemplateError) in
                    throw .type("'tzinfo' object is not callable")
                }))
    }

    /// Python's `item in container`.
    static func contains(_ container: JinjaValue, _ item: JinjaValue) throws(TemplateError) -> Bool {
        switch container.storage {
        case .string(let text):
            guard case .string(let needle) = item.storage else {
                throw .type("'in <string>' requires string as left operand, not \(item.typeName)")
            }
            if needle.isEmpty { return true }
            return text.unicodeScalars.firstRange(of: needle.unicodeScalars) != nil
        case .bytes(let bytes):
            if case .int(let value) = item.storage { return bytes.contains(UInt8(truncatingIfNeeded: value)) }
            guard case .bytes(let needle) = item.storage else { throw .type("a bytes-like object is required, not '\(item.typeName)'") }
            return needle.isEmpty || bytes.firstRange(of: needle) != nil
        case .list(let list): return list.elements.contains(item)
        case .tuple(let values): return values.contains(item)
        case .namedTuple(let tuple): return tuple.values.contains(item)
        case .set(let values):
            try item.checkHashable()
            return values.contains(item)
        case .dict(let dict):
            try item.checkHashable()
            return dict[item] != nil
        case .streamSlice(let slice):
            try item.checkHashable()
            return slice.merged[item] != nil
        case .dictView(let view):
            if view.kind != .values { try item.checkHashable() }
            return view.elements.contains(item)
        case .undefined: return false
        case .loop(let loop): return loop.items.contains(item)
        case .iterator(let value): return value.elements.contains(item)
        default:
            throw .type("argument of type '\(container.typeName)' is not iterable")
        }
    }

    /// The items iterating `value` yields in Python.
    static func iterate(_ value: JinjaValue) throws(TemplateError) -> [JinjaValue] {
        switch value.storage {
        case .list(let list): return list.elements
        case .tuple(let values), .set(let values): return values
        case .namedTuple(let tuple): return tuple.values
        case .dict(let dict): return dict.keys
        case .streamSlice(let slice): return slice.merged.keys
        case .dictView(let view): return view.elements
        case .string(let text): return text.unicodeScalars.map { .string(String($0)) }
        case .bytes(let bytes): return bytes.map { .int(Int($0)) }
        case .undefined: return []
        case .namespace(let namespace): return namespace.snapshot.keys
        case .iterator(let value): return value.elements
        default: throw .type("'\(value.typeName)' object is not iterable")
        }
    }

    /// `obj[start:stop:step]` for strings, lists and tuples.
    static func slice(_ object: JinjaValue, _ start: JinjaValue?, _ stop: JinjaValue?, _ step: JinjaValue?) throws(TemplateError)
        -> JinjaValue
    {
        if case .undefined(let undefined) = object.storage { throw undefined.error }
        func bound(_ value: JinjaValue?) throws(TemplateError) -> Int? {
            guard let value, !value.isNone else { return nil }
            guard case .int(let n)? = value.numeric else {
                throw .type("slice indices must be integers or None or have an __index__ method")
            }
            return n
        }
        let stepValue = try bound(step) ?? 1
        guard stepValue != 0 else { throw .value("slice step cannot be zero") }
        func indices(_ count: Int) throws(TemplateError) -> [Int] {
            var lower: Int
            var upper: Int
            if stepValue > 0 {
                lower = try bound(start).map { $0 < 0 ? max(0, $0 + count) : min($0, count) } ?? 0
                upper = try bound(stop).map { $0 < 0 ? max(0, $0 + count) : min($0, count) } ?? count
                return lower < upper ? Array(stride(from: lower, to: upper, by: stepValue)) : []
            }
            lower = try bound(start).map { $0 < 0 ? max(-1, $0 + count) : min($0, count - 1) } ?? count - 1
            upper = try bound(stop).map { $0 < 0 ? max(-1, $0 + count) : min($0, count - 1) } ?? -1
            return lower > upper ? Array(stride(from: lower, to: upper, by: stepValue)) : []
        }
        switch object.storage {
        case .string(let text):
            let scalars = Array(text.unicodeScalars)
            if stepValue == 1 {
                let picked = try indices(scalars.count)
                guard let first = picked.first, let last = picked.last else { return .string("") }
                return .string(String(String.UnicodeScalarView(scalars[first...last])))
            }
            return .string(String(String.UnicodeScalarView(try indices(scalars.count).map { scalars[$0] })))
        case .list(let list):
            let elements = list.elements
            return .list(try indices(elements.count).map { elements[$0] })
        case .tuple(let values):
            return .tuple(try indices(values.count).map { values[$0] })
        case .bytes(let bytes):
            return JinjaValue(storage: .bytes(try indices(bytes.count).map { bytes[$0] }))
        default:
            // Jinja's getitem swallows the TypeError and returns undefined.
            return JinjaValue(storage: .undefined(Undefined(hint: "\(object.typeName) object is not subscriptable")))
        }
    }
}
