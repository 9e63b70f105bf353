/// Python's `list`, `tuple` and `dict` methods.
enum ContainerMethods {
    static func listCall(_ elements: [JinjaValue], _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "count":
            let p = try args.bind(name, ["value"], defaults: [])
            return .int(elements.filter { $0 == p[0] }.count)
        case "index":
            let p = try args.bind(name, ["value", "start", "stop"], defaults: [.int(0), .int(Int.max)])
            let (lower, upper) = try StringMethods.range(elements.count, p[1], p[2])
            if lower < upper, let found = elements[lower..<upper].firstIndex(of: p[0]) { return .int(found) }
            throw .value("\(p[0].pythonRepr) is not in list")
        case "copy":
            return .list(elements)
        default:
            throw TemplateError(.attributeError, "'list' object has no attribute '\(name)'")
        }
    }

    static func listMutate(_ elements: inout [JinjaValue], _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "append":
            try args.noKeywords(name)
            guard args.positional.count == 1 else {
                throw .type("list.append() takes exactly one argument (\(args.positional.count) given)")
            }
            elements.append(args.positional[0])
        case "extend":
            let p = try args.bind(name, ["iterable"], defaults: [])
            elements += try Attributes.iterate(p[0])
        case "insert":
            let p = try args.bind(name, ["index", "object"], defaults: [])
            guard case .int(var index)? = p[0].numeric else { throw .type("'\(p[0].typeName)' object cannot be interpreted as an integer") }
            if index < 0 { index = max(0, index + elements.count) }
            elements.insert(p[1], at: min(index, elements.count))
        case "pop":
            let p = try args.bind(name, ["index"], defaults: [.int(-1)])
            guard !elements.isEmpty else { throw TemplateError(.indexError, "pop from empty list") }
            guard let index = Attributes.index(p[0], count: elements.count) else {
                throw TemplateError(.indexError, "pop index out of range")
            }
            return elements.remove(at: index)
        case "remove":
            let p = try args.bind(name, ["value"], defaults: [])
            guard let index = elements.firstIndex(of: p[0]) else { throw .value("list.remove(x): x not in list") }
            elements.remove(at: index)
        case "clear":
            elements.removeAll()
        case "reverse":
            elements.reverse()
        case "sort":
            let p = try args.bind(name, ["key", "reverse"], defaults: [JinjaValue.none, false])
            guard p[0].isNone else { throw .type("sort(key=...) is not supported in templates") }
            elements = try sorted(elements, reverse: p[1].isTruthy)
        default:
            return try listCall(elements, name, args)
        }
        return .none
    }

    /// A stable sort with Python's `<`, a `TypeError` for unorderable items.
    static func sorted(_ values: [JinjaValue], reverse: Bool, key: (JinjaValue) throws(TemplateError) -> JinjaValue = { $0 })
        throws(TemplateError) -> [JinjaValue]
    {
        let keyed = try values.map { (v: JinjaValue) throws(TemplateError) -> (JinjaValue, JinjaValue) in (try key(v), v) }
        var failure: TemplateError?
        let result = keyed.enumerated().sorted { a, b in
            do throws(TemplateError) {
                let order = try a.element.0.compare(b.element.0, "<") ?? 0
                if order != 0 { return reverse ? order > 0 : order < 0 }
            } catch {
                failure = error
            }
            return a.offset < b.offset
        }.map(\.element.1)
        if let failure { throw failure }
        return result
    }

    static func dictCall(_ dict: JinjaDict, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "get":
            try args.noKeywords("get")
            guard (1...2).contains(args.positional.count) else {
                throw .type("get expected at least 1 argument, got \(args.positional.count)")
            }
            try args.positional[0].checkHashable()
            return dict[args.positional[0]] ?? (args.positional.count == 2 ? args.positional[1] : .none)
        case "keys": return JinjaValue(storage: .dictView(DictView(kind: .keys, dict: dict)))
        case "values": return JinjaValue(storage: .dictView(DictView(kind: .values, dict: dict)))
        case "items": return JinjaValue(storage: .dictView(DictView(kind: .items, dict: dict)))
        case "copy": return JinjaValue(storage: .dict(JinjaDict(dict.items, caseInsensitive: dict.caseInsensitive)))
        default:
            guard Methods.dictMutating.contains(name) else {
                throw TemplateError(.attributeError, "'dict' object has no attribute '\(name)'")
            }
            var copy = dict
            return try dictMutate(&copy, name, args)
        }
    }

    static func dictMutate(_ dict: inout JinjaDict, _ name: String, _ args: Arguments) throws(TemplateError) -> JinjaValue {
        switch name {
        case "pop":
            try args.noKeywords(name)
            guard (1...2).contains(args.positional.count) else {
                throw .type("pop expected at least 1 argument, got \(args.positional.count)")
            }
            let key = args.positional[0]
            try key.checkHashable()
            if let value = dict[key] {
                dict[key] = nil
                return value
            }
            if args.positional.count == 2 { return args.positional[1] }
            throw TemplateError(.keyError, key.pythonRepr)
        case "popitem":
            guard let last = dict.items.last else { throw TemplateError(.keyError, "'popitem(): dictionary is empty'") }
            dict[last.0] = nil
            return .tuple([last.0, last.1])
        case "setdefault":
            try args.noKeywords(name)
            guard (1...2).contains(args.positional.count) else { throw .type("setdefault expected at least 1 argument") }
            let key = args.positional[0]
            try key.checkHashable()
            if let value = dict[key] { return value }
            let value = args.positional.count == 2 ? args.positional[1] : .none
            dict[key] = value
            return value
        case "update":
            guard args.positional.count <= 1 else { throw .type("update expected at most 1 argument, got \(args.positional.count)") }
            if let other = args.positional.first {
                if let items = other.dictItems {
                    for (key, value) in items { dict[key] = value }
                } else {
                    for pair in try Attributes.iterate(other) {
                        let parts = try Attributes.iterate(pair)
                        guard parts.count == 2 else {
                            throw .value("dictionary update sequence element has length \(parts.count); 2 is required")
                        }
                        try parts[0].checkHashable()
                        dict[parts[0]] = parts[1]
                    }
                }
            }
            for (key, value) in args.keyword { dict[.string(key)] = value }
            return .none
        case "clear":
            dict = JinjaDict([], caseInsensitive: dict.caseInsensitive)
            return .none
        default:
            return try dictCall(dict, name, args)
        }
    }
}
