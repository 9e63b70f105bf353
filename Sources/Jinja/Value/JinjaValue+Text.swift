/// Python's `str()` and `repr()`.
extension JinjaValue: CustomStringConvertible, CustomDebugStringConvertible {
    /// Python `str(value)`, what `{{ value }}` renders: `None`, `True`, `1.5`,
    /// `['a', 1]`, `2024-01-31 00:00:00+00:00`; undefined renders as the empty string.
    public var description: String {
        switch storage {
        case .undefined: return ""
        case .string(let value): return value
        case .datetime(let value): return value.description
        case .date(let value): return value.description
        case .timedelta(let value): return value.description
        case .duration(let value): return value.description
        case .function(let function): return function.text ?? function.repr
        default: return pythonRepr
        }
    }

    /// Python `repr(value)`: strings quoted, as they appear inside a rendered list or dict.
    public var pythonRepr: String {
        switch storage {
        case .undefined: return "Undefined"
        case .none: return "None"
        case .bool(let value): return value ? "True" : "False"
        case .int(let value): return String(value)
        case .bigInt(let value): return value.description
        case .float(let value): return Self.floatRepr(value)
        case .string(let value): return Self.stringRepr(value)
        case .bytes(let value): return Self.bytesRepr(value)
        case .list(let list): return "[" + list.elements.map(\.pythonRepr).joined(separator: ", ") + "]"
        case .tuple(let values):
            if values.count == 1 { return "(" + values[0].pythonRepr + ",)" }
            return "(" + values.map(\.pythonRepr).joined(separator: ", ") + ")"
        case .set(let values):
            if values.isEmpty { return "set()" }
            return "{" + values.map(\.pythonRepr).joined(separator: ", ") + "}"
        case .dict(let dict): return Self.dictRepr(dict)
        case .streamSlice(let slice): return Self.dictRepr(slice.merged)
        case .dictView(let view):
            return view.kind.rawValue + "([" + view.elements.map(\.pythonRepr).joined(separator: ", ") + "])"
        case .datetime(let value): return value.pythonRepr
        case .date(let value): return value.pythonRepr
        case .timedelta(let value): return value.pythonRepr
        case .duration(let value): return value.pythonRepr
        case .namespace(let value): return "<Namespace " + Self.dictRepr(value.snapshot) + ">"
        case .loop: return "<LoopContext>"
        case .function(let function): return function.repr
        case .iterator(let value): return "<\(value.typeName) object>"
        case .namedTuple(let tuple):
            return tuple.typeName + "(" + zip(tuple.fields, tuple.values).map { "\($0)=\($1.pythonRepr)" }.joined(separator: ", ") + ")"
        case .ellipsis: return "Ellipsis"
        }
    }

    public var debugDescription: String { pythonRepr }

    static func dictRepr(_ dict: JinjaDict) -> String {
        "{" + dict.items.map { $0.0.pythonRepr + ": " + $0.1.pythonRepr }.joined(separator: ", ") + "}"
    }

    /// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation
    /// when the exponent is in [-4, 16), else `1e+16`; always with a `.0` or exponent.
    static func floatRepr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        let sign = negative ? "-" : ""
        if digits == "0" { return sign + "0.0" }
        // pointPosition: value = 0.DIGITS × 10^pointPosition
        if pointPosition > -4 && pointPosition <= 16 {
            if pointPosition <= 0 {
                return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
            }
            if digits.count <= pointPosition {
                return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
            }
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            return sign + digits[..<split] + "." + digits[split...]
        }
        let exponent = pointPosition - 1
        var mantissa = String(digits.first!)
        if digits.count > 1 { mantissa += "." + digits.dropFirst() }
        let exponentText = (exponent < 0 ? "-" : "+") + pad(abs(exponent), 2)
        return sign + mantissa + "e" + exponentText
    }

    /// The shortest round-trip decimal digits of `value` (Swift's `description` finds
    /// them) and the decimal point's position relative to the first digit.
    static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        let integerPart: Substring
        let fractionPart: Substring
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fractionPart = text[text.index(after: dot)...]
        } else {
            integerPart = text
            fractionPart = ""
        }
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        if digits == "0" { pointPosition = 1 }
        return (negative, digits, pointPosition)
    }

    /// Python's `repr(str)`: single quotes unless the text has `'` and no `"`;
    /// unprintable characters escaped as `\n`, `\x00`, `\u200b`, `\U0001f600`.
    static func stringRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var result = String(quote)
        result.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if Character(scalar) == quote {
                    result += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    result += "\\x" + hex(scalar.value, 2)
                } else if scalar.value < 0x7F || isPrintable(scalar) {
                    result.unicodeScalars.append(scalar)
                } else if scalar.value <= 0xFF {
                    result += "\\x" + hex(scalar.value, 2)
                } else if scalar.value <= 0xFFFF {
                    result += "\\u" + hex(scalar.value, 4)
                } else {
                    result += "\\U" + hex(scalar.value, 8)
                }
            }
        }
        result.append(quote)
        return result
    }

    /// Python's `str.isprintable()` for one character: not a control, format,
    /// surrogate, private-use, unassigned or separator character (space excepted).
    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    static func bytesRepr(_ bytes: [UInt8]) -> String {
        let quote: UInt8 = bytes.contains(UInt8(ascii: "'")) && !bytes.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var result = "b" + String(UnicodeScalar(quote))
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): result += "\\\\"
            case UInt8(ascii: "\n"): result += "\\n"
            case UInt8(ascii: "\r"): result += "\\r"
            case UInt8(ascii: "\t"): result += "\\t"
            case quote: result += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7F: result.unicodeScalars.append(UnicodeScalar(byte))
            default: result += "\\x" + hex(UInt32(byte), 2)
            }
        }
        return result + String(UnicodeScalar(quote))
    }
}

/// Lowercase hexadecimal, zero-padded to `width` digits.
func hex(_ value: UInt32, _ width: Int) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
}
