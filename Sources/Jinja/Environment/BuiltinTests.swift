/// Jinja's builtin tests (`jinja2/tests.py`) and default globals.
extension JinjaEnvironment {
    mutating func installBuiltinTests() {
        func simple(_ body: @escaping @Sendable (JinjaValue) -> Bool) -> InternalTest {
            { v, _, _ throws(TemplateError) in body(v) }
        }
        func compare(_ op: CompareOperator) -> InternalTest {
            { v, a, _ throws(TemplateError) in
                let p = try a.bind(op.rawValue, ["other"], defaults: [])
                return try Renderer.compare(v, op, p[0])
            }
        }
        let t: [String: InternalTest] = [
            "boolean": simple { $0.isBool },
            "callable": simple { if case .function = $0.storage { return true } else { return false } },
            "defined": simple { $0.isDefined },
            "undefined": simple { !$0.isDefined },
            "none": simple { $0.isNone },
            "true": simple { $0.boolValue == true },
            "false": simple { $0.boolValue == false },
            "integer": simple {
                if case .int = $0.storage { return true } else if case .bigInt = $0.storage { return true } else { return false }
            },
            "float": simple { if case .float = $0.storage { return true } else { return false } },
            "number": simple { $0.numeric != nil },
            "string": simple { $0.stringValue != nil },
            "mapping": simple { $0.dictItems != nil },
            "sequence": simple {
                switch $0.storage {
                case .string, .bytes, .list, .tuple, .dict, .streamSlice: return true
                default: return false
                }
            },
            "iterable": simple { (try? Attributes.iterate($0)) != nil },
            "lower": { v, _, _ throws(TemplateError) in try StringMethods.call(v.description, "islower", Arguments()).isTruthy },
            "upper": { v, _, _ throws(TemplateError) in try StringMethods.call(v.description, "isupper", Arguments()).isTruthy },
            "escaped": simple { _ in false },
            "odd": { v, _, _ throws(TemplateError) in
                guard case .int(let n)? = v.numeric else { throw .type("unsupported operand type(s) for %: '\(v.typeName)' and 'int'") }
                return floorMod(n, 2) == 1
            },
            "even": { v, _, _ throws(TemplateError) in
                guard case .int(let n)? = v.numeric else { throw .type("unsupported operand type(s) for %: '\(v.typeName)' and 'int'") }
                return floorMod(n, 2) == 0
            },
            "divisibleby": { v, a, _ throws(TemplateError) in
                let p = try a.bind("divisibleby", ["num"], defaults: [])
                return try v.binary(.modulo, p[0]) == .int(0)
            },
            "sameas": { v, a, _ throws(TemplateError) in
                let p = try a.bind("sameas", ["other"], defaults: [])
                switch (v.storage, p[0].storage) {
                case (.none, .none): return true
                case (.bool(let x), .bool(let y)): return x == y
                case (.namespace(let x), .namespace(let y)): return x === y
                default: return false
                }
            },
            "in": { v, a, _ throws(TemplateError) in
                let p = try a.bind("in", ["seq"], defaults: [])
                return try Attributes.contains(p[0], v)
            },
            "filter": { v, a, c throws(TemplateError) in v.stringValue.map { c.environment.filters[$0] != nil } ?? false },
            "test": { v, a, c throws(TemplateError) in v.stringValue.map { c.environment.tests[$0] != nil } ?? false },
            "eq": compare(.eq), "equalto": compare(.eq), "==": compare(.eq),
            "ne": compare(.ne), "!=": compare(.ne),
            "lt": compare(.lt), "lessthan": compare(.lt), "<": compare(.lt),
            "le": compare(.lteq), "<=": compare(.lteq),
            "gt": compare(.gt), "greaterthan": compare(.gt), ">": compare(.gt),
            "ge": compare(.gteq), ">=": compare(.gteq),
        ]
        tests.merge(t) { _, new in new }
    }

    mutating func installBuiltinGlobals() {
        addInternalGlobal("dict", repr: "<class 'dict'>") { a, _ throws(TemplateError) in
            var dict = JinjaDict()
            if let first = a.positional.first {
                guard a.positional.count == 1 else { throw .type("dict expected at most 1 argument, got \(a.positional.count)") }
                if let items = first.dictItems {
                    for (key, value) in items { dict[key] = value }
                } else {
                    for pair in try Attributes.iterate(first) {
                        let kv = try Attributes.iterate(pair)
                        guard kv.count == 2 else {
                            throw .value("dictionary update sequence element has length \(kv.count); 2 is required")
                        }
                        try kv[0].checkHashable()
                        dict[kv[0]] = kv[1]
                    }
                }
            }
            for (key, value) in a.keyword { dict[.string(key)] = value }
            return JinjaValue(storage: .dict(dict))
        }
        addInternalGlobal("namespace", repr: "<class 'jinja2.utils.Namespace'>") { a, _ throws(TemplateError) in
            var dict = JinjaDict()
            for value in a.positional {
                guard let items = value.dictItems else { throw .type("cannot convert dictionary update sequence element") }
                for (key, item) in items { dict[key] = item }
            }
            for (key, value) in a.keyword { dict[.string(key)] = value }
            return JinjaValue(storage: .namespace(Namespace(dict)))
        }
        addInternalGlobal("cycler", repr: "<class 'jinja2.utils.Cycler'>") { _, _ throws(TemplateError) in
            throw TemplateError(.runtime, "cycler() is not supported by this Jinja engine")
        }
        addInternalGlobal("joiner", repr: "<class 'jinja2.utils.Joiner'>") { _, _ throws(TemplateError) in
            throw TemplateError(.runtime, "joiner() is not supported by this Jinja engine")
        }
        addInternalGlobal("lipsum", repr: "<function generate_lorem_ipsum>") { _, _ throws(TemplateError) in
            throw TemplateError(.runtime, "lipsum() is not supported by this Jinja engine")
        }
    }
}
