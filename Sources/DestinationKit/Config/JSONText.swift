/// Compact JSON text for a value, for quoting schema values (`enum`
/// members, `const`s) in messages. Never used on a configuration's values.
func jsonText(_ value: JSONValue) -> String {
    switch value {
    case .null: return "null"
    case .bool(let flag): return flag ? "true" : "false"
    case .number(let literal): return literal
    case .string(let text): return jsonQuoted(text)
    case .array(let elements): return "[" + elements.map(jsonText).joined(separator: ",") + "]"
    case .object(let object):
        return "{" + object.map { jsonQuoted($0.key) + ":" + jsonText($0.value) }.joined(separator: ",") + "}"
    }
}

/// `text` as a JSON string literal, quotes included.
func jsonQuoted(_ text: String) -> String {
    "\"" + jsonEscaped(text) + "\""
}

/// `text` escaped for the inside of a JSON string literal.
func jsonEscaped(_ text: String) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case _ where scalar.value < 0x20:
            let hex = String(scalar.value, radix: 16)
            result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            result.unicodeScalars.append(scalar)
        }
    }
    return result
}
