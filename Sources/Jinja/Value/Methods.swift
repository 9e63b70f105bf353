/// Python methods of the values templates call them on (`s.split(',')`,
/// `d.get('k')`, `dt.strftime('%Y')`, `l.append(x)`).
enum Methods {
    static let stringMethods: Set<String> = [
        "capitalize", "casefold", "center", "count", "encode", "endswith", "expandtabs", "find", "format", "format_map",
        "index", "isalnum", "isalpha", "isascii", "isdecimal", "isdigit", "isidentifier", "islower", "isnumeric",
        "isprintable", "isspace", "istitle", "isupper", "join", "ljust", "lower", "lstrip", "partition", "removeprefix",
        "removesuffix", "replace", "rfind", "rindex", "rjust", "rpartition", "rsplit", "rstrip", "split", "splitlines",
        "startswith", "strip", "swapcase", "title", "upper", "zfill",
    ]
    static let listMethods: Set<String> = [
        "append", "clear", "copy", "count", "extend", "index", "insert", "pop", "remove", "reverse", "sort",
    ]
    static let listMutating: Set<String> = ["append", "clear", "extend", "insert", "pop", "remove", "reverse", "sort"]
    static let dictMethods: Set<String> = ["clear", "copy", "get", "items", "keys", "pop", "popitem", "setdefault", "update", "values"]
    static let dictMutating: Set<String> = ["clear", "pop", "popitem", "setdefault", "update"]
    static let datetimeMethods: Set<String> = [
        "astimezone", "ctime", "date", "dst", "isocalendar", "isoformat", "isoweekday", "replace", "strftime", "timestamp",
        "toordinal", "tzname", "utcoffset", "weekday",
    ]
    static let dateMethods: Set<String> = [
        "ctime", "isocalendar", "isoformat", "isoweekday", "replace", "strftime", "toordinal", "weekday",
    ]

    /// Whether `value` has a Python method `name`.
    static func has(_ value: JinjaValue, _ name: String) -> Bool {
        switch value.storage {
        case .string: return stringMethods.contains(name)
        case .list: return listMethods.contains(name)
        case .tuple: return name == "count" || name == "index"
        case .dict: return dictMethods.contains(name)
        case .streamSlice: return ["get", "items", "keys", "values"].contains(name)
        case .datetime: return datetimeMethods.contains(name)
        case .date: return dateMethods.contains(name)
        case .timedelta: return name == "total_seconds"
        case .duration: return name == "totimedelta" || name == "total_seconds"
        case .float: return name == "is_integer"
        case .int, .bool: return name == "bit_length"
        case .loop: return name == "cycle"
        default: return false
        }
    }

    /// Whether calling `name` on `value` changes it (then the renderer writes it back).
    static func isMutating(_ value: JinjaValue, _ name: String) -> Bool {
        switch value.storage {
        case .list: return listMutating.contains(name)
        case .dict: return dictMutating.contains(name)
        default: return false
        }
    }

    /// `value.name` as a value: a bound method.
    static func bound(_ value: JinjaValue, _ name: String, _ context: CallContext) -> JinjaValue {
        let repr = "<built-in method \(name) of \(value.typeName) object>"
        return JinjaValue(
            storage: .function(
                JinjaFunction(name: name, repr: repr) { arguments, context throws(TemplateError) in
                    if isMutating(value, name) {
                        var copy = value
                        return try callMutating(&copy, name, arguments, context)
                    }
                    return try call(value, name, arguments, context)
                }))
    }

    static func call(_ value: JinjaValue, _ name: String, _ args: Arguments, _ context: CallContext) throws(TemplateError) -> JinjaValue {
        switch value.storage {
        case .string(let text): return try StringMethods.call(text, name, args)
        case .list(let list): return try ContainerMethods.listCall(list.elements, name, args)
        case .tuple(let values): return try ContainerMethods.listCall(values, name, args)
        case .dict(let dict): return try ContainerMethods.dictCall(dict, name, args)
        case .streamSlice(let slice): return try ContainerMethods.dictCall(slice.merged, name, args)
        case .datetime(let dt): return try DatetimeMethods.datetimeCall(dt, name, args)
        case .date(let date): return try DatetimeMethods.dateCall(date, name, args)
        case .timedelta(let delta) where name == "total_seconds":
            try args.noKeywords(name)
            return .float(delta.totalSeconds)
        case .duration(let duration): return try DatetimeMethods.durationCall(duration, name, args)
        case .float(let x) where name == "is_integer": return .bool(x.isFinite && x == x.rounded())
        case .int, .bool:
            guard case .int(let n)? = value.numeric else { break }
            return .int(n == 0 ? 0 : Int.bitWidth - n.magnitude.leadingZeroBitCount)
        case .loop(let loop) where name == "cycle": return try loopCall(loop, args)
        default: break
        }
        throw TemplateError(.attributeError, "'\(value.typeName)' object has no attribute '\(name)'")
    }

    static func callMutating(_ value: inout JinjaValue, _ name: String, _ args: Arguments, _ context: CallContext) throws(TemplateError)
        -> JinjaValue
    {
        switch value.storage {
        case .list(let list):
            var elements = list.elements
            let result = try ContainerMethods.listMutate(&elements, name, args)
            value = .list(elements)
            return result
        case .dict(var dict):
            value = .none  // release the dict for in-place changes
            defer { value = JinjaValue(storage: .dict(dict)) }
            return try ContainerMethods.dictMutate(&dict, name, args)
        default:
            return try call(value, name, args, context)
        }
    }

    /// `loop.cycle(a, b, ...)`.
    static func loopCall(_ loop: LoopState, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        guard !args.positional.isEmpty else { throw .type("no items for cycling given") }
        return args.positional[loop.index0 % args.positional.count]
    }
}
