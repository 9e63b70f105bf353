import Foundation

/// Jinja's builtin filters (`jinja2/filters.py`, 3.1), with Python's behaviour for
/// the values they get. `map`, `select`, `reject`, `selectattr`, `rejectattr`,
/// `unique`, `batch`, `slice`, `items` and `reverse` return generators, as in Jinja
/// (pipe them through `list` to render them).
extension JinjaEnvironment {
    mutating func installBuiltins() {
        let f: [String: InternalFilter] = [
            "abs": { v, a, _ throws(TemplateError) in
                _ = try a.bind("abs", [], defaults: [])
                if case .undefined(let u) = v.storage { throw u.error }
                if let n = v.numeric {
                    switch n {
                    case .int(let x): return x < 0 ? try v.negated() : .int(x)
                    case .big(let x): return JinjaValue(storage: .bigInt(BigInteger(negative: false, digits: x.digits)))
                    case .float(let x): return .float(abs(x))
                    }
                }
                if case .timedelta(let d) = v.storage { return d < .zero ? .timedelta(try -d) : v }
                throw .type("bad operand type for abs(): '\(v.typeName)'")
            },
            "attr": { v, a, c throws(TemplateError) in
                let p = try a.bind("attr", ["name"], defaults: [])
                guard case .string(let name) = p[0].storage else { throw .type("attribute name must be string") }
                if case .undefined(let u) = v.storage { throw u.error }
                if let value = try Attributes.dataAttribute(v, name) { return value }
                if Methods.has(v, name) { return Methods.bound(v, name, c) }
                return JinjaValue(storage: .undefined(Undefined(hint: "'\(v.typeName) object' has no attribute '\(name)'")))
            },
            "batch": { v, a, _ throws(TemplateError) in
                let p = try a.bind("batch", ["linecount", "fill_with"], defaults: [JinjaValue.none])
                guard case .int(let count)? = p[0].numeric, count > 0 else { throw .value("batch size must be a positive integer") }
                var batches: [JinjaValue] = []
                var current: [JinjaValue] = []
                for item in try Attributes.iterate(v) {
                    if current.count == count {
                        batches.append(.list(current))
                        current = []
                    }
                    current.append(item)
                }
                if !current.isEmpty {
                    if !p[1].isNone { current += Array(repeating: p[1], count: count - current.count) }
                    batches.append(.list(current))
                }
                return .generator(batches, "do_batch")
            },
            "capitalize": { v, _, _ throws(TemplateError) in try StringMethods.call(try softString(v), "capitalize", Arguments()) },
            "center": { v, a, _ throws(TemplateError) in
                let p = try a.bind("center", ["width"], defaults: [.int(80)])
                return try StringMethods.call(try softString(v), "center", Arguments([p[0]]))
            },
            "count": lengthFilter,
            "length": lengthFilter,
            "d": defaultFilter,
            "default": defaultFilter,
            "dictsort": { v, a, _ throws(TemplateError) in
                let p = try a.bind("dictsort", ["case_sensitive", "by", "reverse"], defaults: [false, "key", false])
                guard let items = v.dictItems else {
                    if case .undefined(let u) = v.storage { throw u.error }
                    throw TemplateError(.attributeError, "'\(v.typeName)' object has no attribute 'items'")
                }
                let position: Int
                switch p[1].stringValue {
                case "key": position = 0
                case "value": position = 1
                default: throw TemplateError(.runtime, "You can only sort by either \"key\" or \"value\"")
                }
                let pairs = items.map { JinjaValue.tuple([$0.key, $0.value]) }
                let caseSensitive = p[0].isTruthy
                return .list(
                    try ContainerMethods.sorted(pairs, reverse: p[2].isTruthy) { (pair: JinjaValue) throws(TemplateError) -> JinjaValue in
                        let value = pair.arrayValue![position]
                        return caseSensitive ? value : ignoreCase(value)
                    })
            },
            "e": escapeFilter,
            "escape": escapeFilter,
            "forceescape": escapeFilter,
            "first": { v, a, _ throws(TemplateError) in
                _ = try a.bind("first", [], defaults: [])
                return try Attributes.iterate(v).first
                    ?? JinjaValue(storage: .undefined(Undefined(hint: "No first item, sequence was empty.")))
            },
            "last": { v, a, _ throws(TemplateError) in
                _ = try a.bind("last", [], defaults: [])
                switch v.storage {
                case .iterator(let it): throw .type("'\(it.typeName)' object is not reversible")
                case .set: throw .type("'set' object is not reversible")
                default: break
                }
                return try Attributes.iterate(v).last
                    ?? JinjaValue(storage: .undefined(Undefined(hint: "No last item, sequence was empty.")))
            },
            "float": { v, a, _ throws(TemplateError) in
                let p = try a.bind("float", ["default"], defaults: [.float(0)])
                return try pythonFloat(v).map(JinjaValue.float) ?? p[0]
            },
            "int": { v, a, _ throws(TemplateError) in
                let p = try a.bind("int", ["default", "base"], defaults: [.int(0), .int(10)])
                guard case .int(let base)? = p[1].numeric else { return p[0] }
                return try pythonIntFilter(v, base: base) ?? p[0]
            },
            "format": { v, a, _ throws(TemplateError) in
                if !a.positional.isEmpty && !a.keyword.isEmpty {
                    throw TemplateError(.runtime, "can't handle positional and keyword arguments at the same time")
                }
                let arguments: JinjaValue = a.keyword.isEmpty ? .tuple(a.positional) : .dict(a.keyword)
                return .string(try PythonFormat.percent(try softString(v), arguments))
            },
            "indent": { v, a, _ throws(TemplateError) in
                let p = try a.bind("indent", ["width", "first", "blank"], defaults: [.int(4), false, false])
                let indention: String
                if case .string(let s) = p[0].storage {
                    indention = s
                } else if case .int(let n)? = p[0].numeric {
                    indention = String(repeating: " ", count: max(0, n))
                } else {
                    throw .type("can't multiply sequence by non-int")
                }
                let text = try softString(v) + "\n"
                let lines = StringMethods.splitlines(text, keepEnds: false)
                var result: String
                if p[2].isTruthy {
                    result = lines.joined(separator: "\n" + indention)
                } else {
                    result = lines.first ?? ""
                    let rest = lines.dropFirst()
                    if !rest.isEmpty { result += "\n" + rest.map { $0.isEmpty ? $0 : indention + $0 }.joined(separator: "\n") }
                }
                return .string(p[1].isTruthy ? indention + result : result)
            },
            "items": { v, a, _ throws(TemplateError) in
                _ = try a.bind("items", [], defaults: [])
                if case .undefined = v.storage { return .generator([], "do_items") }
                guard let items = v.dictItems else { throw .type("Can only get item pairs from a mapping.") }
                return .generator(items.map { .tuple([$0.key, $0.value]) }, "do_items")
            },
            "join": { v, a, c throws(TemplateError) in
                let p = try a.bind("join", ["d", "attribute"], defaults: ["", JinjaValue.none])
                var items = try Attributes.iterate(v)
                if !p[1].isNone {
                    let getter = try attributeGetter(p[1], c)
                    items = try items.map { (item: JinjaValue) throws(TemplateError) -> JinjaValue in try getter(item) }
                }
                return .string(items.map(\.description).joined(separator: p[0].description))
            },
            "list": { v, a, _ throws(TemplateError) in
                _ = try a.bind("list", [], defaults: [])
                return .list(try Attributes.iterate(v))
            },
            "lower": { v, _, _ throws(TemplateError) in .string(try softString(v).lowercased()) },
            "upper": { v, _, _ throws(TemplateError) in .string(try softString(v).uppercased()) },
            "map": { v, a, c throws(TemplateError) in
                let function = try prepareMap(a, c)
                let items = try Attributes.iterate(v)
                return .generator(
                    try items.map { (item: JinjaValue) throws(TemplateError) -> JinjaValue in try function(item) }, "sync_do_map")
            },
            "max": { v, a, c throws(TemplateError) in try minOrMax(v, a, c, max: true) },
            "min": { v, a, c throws(TemplateError) in try minOrMax(v, a, c, max: false) },
            "pprint": { v, _, _ throws(TemplateError) in .string(v.pythonRepr) },
            "reject": { v, a, c throws(TemplateError) in try selectOrReject(v, a, c, keep: false, attribute: false) },
            "rejectattr": { v, a, c throws(TemplateError) in try selectOrReject(v, a, c, keep: false, attribute: true) },
            "select": { v, a, c throws(TemplateError) in try selectOrReject(v, a, c, keep: true, attribute: false) },
            "selectattr": { v, a, c throws(TemplateError) in try selectOrReject(v, a, c, keep: true, attribute: true) },
            "replace": { v, a, _ throws(TemplateError) in
                let p = try a.bind("replace", ["old", "new", "count"], defaults: [JinjaValue.none])
                var count = -1
                if case .int(let n)? = p[2].numeric { count = n }
                return .string(StringMethods.replace(try softString(v), p[0].description, p[1].description, count: count))
            },
            "reverse": { v, a, _ throws(TemplateError) in
                _ = try a.bind("reverse", [], defaults: [])
                if case .string(let s) = v.storage { return .string(String(String.UnicodeScalarView(s.unicodeScalars.reversed()))) }
                if case .undefined = v.storage { return .generator([], "list_reverseiterator") }
                let typeName: String
                switch v.storage {
                case .list: typeName = "list_reverseiterator"
                case .dict, .streamSlice: typeName = "dict_reversekeyiterator"
                case .tuple: typeName = "reversed"
                default: return .list(try Attributes.iterate(v).reversed())
                }
                return .generator(try Attributes.iterate(v).reversed(), typeName)
            },
            "round": { v, a, _ throws(TemplateError) in
                let p = try a.bind("round", ["precision", "method"], defaults: [.int(0), "common"])
                guard case .int(let precision)? = p[0].numeric else {
                    throw .type("'\(p[0].typeName)' object cannot be interpreted as an integer")
                }
                guard let number = v.numeric else {
                    if case .undefined(let u) = v.storage { throw u.error }
                    throw .type("type \(v.typeName) doesn't define __round__ method")
                }
                let method = p[1].stringValue ?? ""
                guard ["common", "ceil", "floor"].contains(method) else {
                    throw TemplateError(.runtime, "method must be common, ceil or floor")
                }
                if method == "common" {
                    if case .int = number { return try v.positive() }
                    return .float(pythonRound(number.doubleValue, precision))
                }
                let scale = pow(10, Double(precision))
                let scaled = number.doubleValue * scale
                guard scaled.isFinite else { throw TemplateError(.overflow, "cannot convert float infinity to integer") }
                return .float((method == "ceil" ? scaled.rounded(.up) : scaled.rounded(.down)) / scale)
            },
            "safe": { v, _, _ throws(TemplateError) in .string(v.description) },
            "slice": { v, a, _ throws(TemplateError) in
                let p = try a.bind("slice", ["slices", "fill_with"], defaults: [JinjaValue.none])
                guard case .int(let slices)? = p[0].numeric, slices > 0 else { throw .type("slices must be a positive integer") }
                let items = try Attributes.iterate(v)
                let perSlice = items.count / slices
                let withExtra = items.count % slices
                var offset = 0
                var result: [JinjaValue] = []
                for number in 0..<slices {
                    let start = offset + number * perSlice
                    if number < withExtra { offset += 1 }
                    let end = offset + (number + 1) * perSlice
                    var part = Array(items[min(start, items.count)..<min(end, items.count)])
                    if !p[1].isNone && number >= withExtra { part.append(p[1]) }
                    result.append(.list(part))
                }
                return .generator(result, "sync_do_slice")
            },
            "sort": { v, a, c throws(TemplateError) in
                let p = try a.bind("sort", ["reverse", "case_sensitive", "attribute"], defaults: [false, false, JinjaValue.none])
                let getter = try attributeGetter(p[2], c)
                let caseSensitive = p[1].isTruthy
                return .list(
                    try ContainerMethods.sorted(try Attributes.iterate(v), reverse: p[0].isTruthy) {
                        (item: JinjaValue) throws(TemplateError) -> JinjaValue in
                        let key = try getter(item)
                        return caseSensitive ? key : ignoreCase(key)
                    })
            },
            "string": { v, _, _ throws(TemplateError) in .string(v.description) },
            "striptags": { v, _, _ throws(TemplateError) in
                var text = try softString(v)
                text = text.replacingOccurrences(of: "<!--.*?-->|<[^>]*>", with: "", options: .regularExpression)
                return .string(text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
            },
            "sum": { v, a, c throws(TemplateError) in
                let p = try a.bind("sum", ["attribute", "start"], defaults: [JinjaValue.none, .int(0)])
                var items = try Attributes.iterate(v)
                if !p[0].isNone {
                    let getter = try attributeGetter(p[0], c)
                    items = try items.map { (item: JinjaValue) throws(TemplateError) -> JinjaValue in try getter(item) }
                }
                if case .string = p[1].storage { throw .type("sum() can't sum strings [use ''.join(seq) instead]") }
                var total = p[1]
                for item in items { total = try total.binary(.add, item) }
                return total
            },
            "title": { v, _, _ throws(TemplateError) in
                // Jinja splits before runs of `-`, whitespace and opening brackets.
                var result = ""
                var atWordStart = true
                for scalar in try softString(v).unicodeScalars {
                    if scalar == "-" || isPythonWhitespace(scalar) || "({[<".unicodeScalars.contains(scalar) {
                        result.unicodeScalars.append(scalar)
                        atWordStart = true
                    } else {
                        result += atWordStart ? String(scalar).uppercased() : String(scalar).lowercased()
                        atWordStart = false
                    }
                }
                return .string(result)
            },
            "tojson": { v, a, _ throws(TemplateError) in
                let p = try a.bind("tojson", ["indent"], defaults: [JinjaValue.none])
                var indent: Int?
                if case .int(let n)? = p[0].numeric { indent = n }
                let json = try v.pythonJSON(sortKeys: true, indent: indent)
                return .string(
                    json.replacingOccurrences(of: "<", with: "\\u003c").replacingOccurrences(of: ">", with: "\\u003e")
                        .replacingOccurrences(of: "&", with: "\\u0026").replacingOccurrences(of: "'", with: "\\u0027"))
            },
            "trim": { v, a, _ throws(TemplateError) in
                let p = try a.bind("trim", ["chars"], defaults: [JinjaValue.none])
                return try StringMethods.call(try softString(v), "strip", Arguments([p[0]]))
            },
            "truncate": { v, a, _ throws(TemplateError) in
                let p = try a.bind(
                    "truncate", ["length", "killwords", "end", "leeway"], defaults: [.int(255), false, "...", JinjaValue.none])
                let text = Array(try softString(v).unicodeScalars)
                guard case .int(let length)? = p[0].numeric else { throw .type("length must be an integer") }
                let end = p[2].description
                var leeway = 5
                if case .int(let n)? = p[3].numeric { leeway = n }
                if text.count <= length + leeway { return .string(String(String.UnicodeScalarView(text))) }
                let keep = String(String.UnicodeScalarView(text.prefix(max(0, length - end.unicodeScalars.count))))
                if p[1].isTruthy { return .string(keep + end) }
                let cut = try StringMethods.split(keep, " ", maxsplit: 1, fromRight: true)
                return .string((cut.first ?? "") + end)
            },
            "unique": { v, a, c throws(TemplateError) in
                let p = try a.bind("unique", ["case_sensitive", "attribute"], defaults: [false, JinjaValue.none])
                let getter = try attributeGetter(p[1], c)
                var seen: [JinjaValue] = []
                var result: [JinjaValue] = []
                for item in try Attributes.iterate(v) {
                    var key = try getter(item)
                    if !p[0].isTruthy { key = ignoreCase(key) }
                    try key.checkHashable()
                    if !seen.contains(key) {
                        seen.append(key)
                        result.append(item)
                    }
                }
                return .generator(result, "sync_do_unique")
            },
            "urlencode": { v, _, _ throws(TemplateError) in
                switch v.storage {
                case .string, .none, .bool, .int, .bigInt, .float, .datetime, .date, .timedelta, .duration, .function, .undefined:
                    if case .undefined(let u) = v.storage, u.isUnsafe { throw u.error }
                    return .string(URLQuote.quote(v.description, safe: "/"))
                default:
                    let pairs: [JinjaValue]
                    if let items = v.dictItems {
                        pairs = items.map { .tuple([$0.key, $0.value]) }
                    } else {
                        pairs = try Attributes.iterate(v)
                    }
                    var parts: [String] = []
                    for pair in pairs {
                        let kv = try Attributes.iterate(pair)
                        guard kv.count == 2 else { throw .value("too many values to unpack (expected 2)") }
                        parts.append(
                            URLQuote.quote(kv[0].description, safe: "", plusForSpace: true) + "="
                                + URLQuote.quote(kv[1].description, safe: "", plusForSpace: true))
                    }
                    return .string(parts.joined(separator: "&"))
                }
            },
            "wordcount": { v, _, _ throws(TemplateError) in
                var count = 0
                var inWord = false
                for scalar in try softString(v).unicodeScalars {
                    let word = scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_"
                    if word && !inWord { count += 1 }
                    inWord = word
                }
                return .int(count)
            },
        ]
        filters.merge(f) { _, new in new }
        installBuiltinTests()
        installBuiltinGlobals()
    }
}

private let lengthFilter: JinjaEnvironment.InternalFilter = { v, a, _ throws(TemplateError) in
    _ = try a.bind("length", [], defaults: [])
    return .int(try pythonLength(v))
}

private let defaultFilter: JinjaEnvironment.InternalFilter = { v, a, _ throws(TemplateError) in
    let p = try a.bind("default", ["default_value", "boolean"], defaults: ["", false])
    if case .undefined = v.storage { return p[0] }
    if p[1].isTruthy && !v.isTruthy { return p[0] }
    return v
}

private let escapeFilter: JinjaEnvironment.InternalFilter = { v, _, _ throws(TemplateError) in
    var out = ""
    for scalar in v.description.unicodeScalars {
        switch scalar {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "'": out += "&#39;"
        case "\"": out += "&#34;"
        default: out.unicodeScalars.append(scalar)
        }
    }
    return .string(out)
}

extension JinjaValue {
    static func generator(_ elements: [JinjaValue], _ function: String) -> JinjaValue {
        let typeName = function.hasSuffix("iterator") || function == "reversed" ? function : "generator"
        return JinjaValue(storage: .iterator(IteratorValue(elements: elements, typeName: typeName)))
    }
}

/// Python's `str(value)` for filters that take strings; undefined is `""`.
func softString(_ value: JinjaValue) throws(TemplateError) -> String {
    value.description
}

/// Python's `len(value)`; undefined has length 0.
func pythonLength(_ value: JinjaValue) throws(TemplateError) -> Int {
    switch value.storage {
    case .string(let s): return s.unicodeScalars.count
    case .bytes(let b): return b.count
    case .list(let l): return l.count
    case .tuple(let v), .set(let v): return v.count
    case .namedTuple(let tuple): return tuple.values.count
    case .dict(let d): return d.count
    case .dictView(let view): return view.dict.count
    case .streamSlice(let slice): return slice.merged.count
    case .undefined: return 0
    case .loop(let loop): return loop.length
    default: throw .type("object of type '\(value.typeName)' has no len()")
    }
}

/// Jinja's `ignore_case`: strings lowercased for comparing.
func ignoreCase(_ value: JinjaValue) -> JinjaValue {
    if case .string(let s) = value.storage { return .string(s.lowercased()) }
    return value
}
