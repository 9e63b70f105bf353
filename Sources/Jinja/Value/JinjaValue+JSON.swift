public import AirbyteProtocol

extension JinjaValue {
    /// The value as JSON: `None` is null, tuples are arrays, dict keys that are
    /// numbers, booleans or `None` become strings as Python's `json` makes them.
    /// A float that is not finite becomes `Infinity`, `-Infinity` or `NaN` as Python
    /// writes it. Datetimes, sets, bytes and other objects are a `TypeError`, as
    /// `json.dumps` reports them.
    public func toJSON() throws(TemplateError) -> JSONValue {
        switch storage {
        case .none: return .null
        case .bool(let value): return .bool(value)
        case .int(let value): return .number(String(value))
        case .bigInt(let value): return .number(value.description)
        case .float(let value): return .number(Self.jsonFloat(value))
        case .string(let value): return .string(value)
        case .list(let list):
            if let json = list.jsonElements { return .array(json) }
            var values: [JSONValue] = []
            for element in list.elements { values.append(try element.toJSON()) }
            return .array(values)
        case .namedTuple(let tuple):
            return try JinjaValue.tuple(tuple.values).toJSON()
        case .tuple(let elements):
            var values: [JSONValue] = []
            for element in elements { values.append(try element.toJSON()) }
            return .array(values)
        case .dict(let dict):
            if let json = dict.jsonObject { return .object(json) }
            return .object(try Self.jsonObject(dict.items))
        case .streamSlice(let slice):
            return .object(try Self.jsonObject(slice.merged.items))
        default:
            throw .type("Object of type \(jsonTypeName) is not JSON serializable")
        }
    }

    private var jsonTypeName: String {
        switch storage {
        case .datetime: return "datetime"
        case .date: return "date"
        case .timedelta: return "timedelta"
        default: return typeName
        }
    }

    private static func jsonObject(_ items: [(JinjaValue, JinjaValue)]) throws(TemplateError) -> JSONObject {
        var object = JSONObject()
        for (key, value) in items {
            object[try jsonKey(key)] = try value.toJSON()
        }
        return object
    }

    /// Python's `json` key conversion.
    static func jsonKey(_ key: JinjaValue) throws(TemplateError) -> String {
        switch key.storage {
        case .string(let text): return text
        case .bool(let value): return value ? "true" : "false"
        case .none: return "null"
        case .int(let value): return String(value)
        case .bigInt(let value): return value.description
        case .float(let value): return jsonFloat(value)
        default: throw .type("keys must be str, int, float, bool or None, not \(key.typeName)")
        }
    }

    static func jsonFloat(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
        return floatRepr(value)
    }

    /// Python's `json.dumps(value, sort_keys:, indent:)` with its defaults
    /// (`ensure_ascii`, `", "` and `": "` separators; `","` with an indent), or with
    /// `separators=(",", ":")` when `compact` (as PyJWT writes a token's header and payload).
    public func pythonJSON(sortKeys: Bool = false, indent: Int? = nil, compact: Bool = false) throws(TemplateError) -> String {
        var out = ""
        try writeJSON(&out, sortKeys: sortKeys, indent: indent, compact: compact, level: 0)
        return out
    }

    /// Python's `json.loads` as a value templates can call, which the CDK hands some
    /// templates as `json_loads` (the JWT authenticator's).
    public static let jsonLoads = JinjaValue(
        storage: .function(
            JinjaFunction(name: "loads", repr: "<function loads>") { arguments, _ throws(TemplateError) in
                let text = try arguments.bind("loads", ["s"], defaults: [])[0]
                let bytes: [UInt8]
                switch text.storage {
                case .string(let string): bytes = Array(string.utf8)
                case .bytes(let data): bytes = data
                default: throw .type("the JSON object must be str, bytes or bytearray, not \(text.typeName)")
                }
                do {
                    return JinjaValue(try JSONValue(parsing: bytes))
                } catch {
                    throw .value("JSONDecodeError: \(error)")
                }
            }))

    private func writeJSON(_ out: inout String, sortKeys: Bool, indent: Int?, compact: Bool, level: Int) throws(TemplateError) {
        func newline(_ level: Int) {
            if let indent {
                out += "\n" + String(repeating: " ", count: indent * level)
            }
        }
        let itemSeparator = indent == nil && !compact ? ", " : ","
        switch storage {
        case .none: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int, .bigInt: out += pythonRepr
        case .float(let value): out += Self.jsonFloat(value)
        case .string(let text): out += Self.jsonString(text)
        case .list, .tuple, .namedTuple:
            let elements = arrayValue ?? []
            if elements.isEmpty {
                out += "[]"
                return
            }
            out += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { out += itemSeparator }
                newline(level + 1)
                try element.writeJSON(&out, sortKeys: sortKeys, indent: indent, compact: compact, level: level + 1)
            }
            newline(level)
            out += "]"
        case .dict:
            var items: [(String, JinjaValue)] = []
            for (key, value) in dictItems ?? [] { items.append((try Self.jsonKey(key), value)) }
            if sortKeys {
                let original = dictItems ?? []
                if original.contains(where: { if case .string = $0.key.storage { return false } else { return true } }),
                    original.contains(where: { if case .string = $0.key.storage { return true } else { return false } })
                {
                    throw .type("'<' not supported between instances of 'int' and 'str'")
                }
                items.sort { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) { $0.value < $1.value } }
            }
            if items.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            for (index, (key, value)) in items.enumerated() {
                if index > 0 { out += itemSeparator }
                newline(level + 1)
                out += Self.jsonString(key) + (compact ? ":" : ": ")
                try value.writeJSON(&out, sortKeys: sortKeys, indent: indent, compact: compact, level: level + 1)
            }
            newline(level)
            out += "}"
        default:
            throw .type("Object of type \(jsonTypeName) is not JSON serializable")
        }
    }

    /// A JSON string as Python writes it with `ensure_ascii=True`.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    if scalar.value > 0xFFFF {
                        let v = scalar.value - 0x10000
                        out += "\\u" + hex(0xD800 + (v >> 10), 4) + "\\u" + hex(0xDC00 + (v & 0x3FF), 4)
                    } else {
                        out += "\\u" + hex(scalar.value, 4)
                    }
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
