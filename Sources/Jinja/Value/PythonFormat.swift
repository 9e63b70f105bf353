import Foundation

/// Python's string formatting: `'%s-%05.2f' % (a, b)`, `'{}-{name:>4}'.format(...)`
/// and `format(value, spec)`.
enum PythonFormat {
    // MARK: printf-style

    static func percent(_ format: String, _ values: JinjaValue) throws(TemplateError) -> String {
        let scalars = Array(format.unicodeScalars)
        var positional: [JinjaValue]
        var mapping: JinjaValue?
        switch values.storage {
        case .tuple(let items): positional = items
        case .dict, .streamSlice:
            positional = [values]
            mapping = values
        default: positional = [values]
        }
        var next = 0
        var out = ""
        var i = 0
        func take() throws(TemplateError) -> JinjaValue {
            guard next < positional.count else { throw .type("not enough arguments for format string") }
            defer { next += 1 }
            return positional[next]
        }
        while i < scalars.count {
            guard scalars[i] == "%" else {
                out.unicodeScalars.append(scalars[i])
                i += 1
                continue
            }
            i += 1
            guard i < scalars.count else { throw .value("incomplete format") }
            var key: String?
            if scalars[i] == "(" {
                var depth = 1
                var j = i + 1
                while j < scalars.count, depth > 0 {
                    if scalars[j] == "(" { depth += 1 } else if scalars[j] == ")" { depth -= 1 }
                    j += 1
                }
                guard depth == 0 else { throw .value("incomplete format key") }
                key = String(String.UnicodeScalarView(scalars[(i + 1)..<(j - 1)]))
                i = j
            }
            var spec = FormatSpec()
            while i < scalars.count, "-+ #0".unicodeScalars.contains(scalars[i]) {
                switch scalars[i] {
                case "-": spec.align = "<"
                case "+": spec.sign = "+"
                case " ": if spec.sign != "+" { spec.sign = " " }
                case "#": spec.alternate = true
                default: spec.zeroPad = true
                }
                i += 1
            }
            func readNumber() throws(TemplateError) -> Int? {
                if i < scalars.count, scalars[i] == "*" {
                    i += 1
                    guard case .int(let n)? = try take().numeric else { throw .type("* wants int") }
                    return n
                }
                var value: Int?
                while i < scalars.count, ("0"..."9").contains(scalars[i]) {
                    value = (value ?? 0) * 10 + Int(scalars[i].value - 48)
                    i += 1
                }
                return value
            }
            if let width = try readNumber() {
                if width < 0 { spec.align = "<" }
                spec.width = abs(width)
            }
            if i < scalars.count, scalars[i] == "." {
                i += 1
                spec.precision = try readNumber() ?? 0
            }
            while i < scalars.count, "hlL".unicodeScalars.contains(scalars[i]) { i += 1 }
            guard i < scalars.count else { throw .value("incomplete format") }
            let conversion = scalars[i]
            i += 1
            if conversion == "%" {
                out += "%"
                continue
            }
            let value: JinjaValue
            if let key {
                guard let mapping else { throw .type("format requires a mapping") }
                guard let found = Attributes.lookupItem(mapping, .string(key)) else {
                    throw TemplateError(.keyError, JinjaValue.stringRepr(key))
                }
                value = found
            } else {
                value = try take()
            }
            out += try percentConversion(value, conversion, spec)
        }
        if mapping == nil, next < positional.count {
            throw .type("not all arguments converted during string formatting")
        }
        return out
    }

    private static func percentConversion(_ value: JinjaValue, _ conversion: Unicode.Scalar, _ spec: FormatSpec) throws(TemplateError)
        -> String
    {
        var spec = spec
        switch conversion {
        case "s", "r", "a":
            var text = conversion == "s" ? value.description : value.pythonRepr
            if let precision = spec.precision { text = String(text.unicodeScalars.prefix(precision)) }
            spec.zeroPad = false
            return spec.padded(text, numeric: false)
        case "d", "i", "u":
            guard let number = value.numeric else { throw .type("%\(conversion) format: a real number is required, not \(value.typeName)") }
            return spec.padded(try integerText(number), numeric: true)
        case "x", "X", "o":
            guard case .int(let n)? = value.numeric else {
                throw .type("%\(conversion) format: an integer is required, not \(value.typeName)")
            }
            var digits = String(n.magnitude, radix: conversion == "o" ? 8 : 16, uppercase: conversion == "X")
            if spec.alternate { digits = (conversion == "o" ? "0o" : (conversion == "X" ? "0X" : "0x")) + digits }
            return spec.padded((n < 0 ? "-" : "") + digits, numeric: true)
        case "e", "E", "f", "F", "g", "G":
            guard let number = value.numeric else { throw .type("must be real number, not \(value.typeName)") }
            return spec.padded(
                floatText(number.doubleValue, Character(conversion), precision: spec.precision ?? 6, alternate: spec.alternate),
                numeric: true)
        case "c":
            if case .int(let n) = value.storage, let scalar = Unicode.Scalar(UInt32(clamping: n)) {
                return spec.padded(String(scalar), numeric: false)
            }
            if case .string(let s) = value.storage, s.unicodeScalars.count == 1 { return spec.padded(s, numeric: false) }
            throw .type("%c requires int or char")
        default:
            throw .value("unsupported format character '\(conversion)' (0x\(hex(conversion.value, 1)))")
        }
    }

    private static func integerText(_ number: JinjaValue.Numeric) throws(TemplateError) -> String {
        switch number {
        case .int(let n): return String(n)
        case .big(let b): return b.description
        case .float(let x):
            guard x.isFinite else { throw TemplateError(.overflow, "cannot convert float infinity to integer") }
            return String(format: "%.0f", x.rounded(.towardZero))
        }
    }

    /// `%f`, `%e`, `%g` of a double, as C and Python print them.
    static func floatText(_ x: Double, _ conversion: Character, precision: Int, alternate: Bool) -> String {
        if x.isNaN { return conversion.isUppercase ? "NAN" : "nan" }
        if x.isInfinite { return (x < 0 ? "-" : "") + (conversion.isUppercase ? "INF" : "inf") }
        let format = "%" + (alternate ? "#" : "") + ".\(precision)" + String(conversion)
        return String(format: format, x)
    }

    struct FormatSpec {
        var fill: Character = " "
        var align: Character?
        var sign: Character = "-"
        var alternate = false
        var zeroPad = false
        var width = 0
        var grouping: Character?
        var precision: Int?
        var type: Character?

        /// Pads `text` to the width: numbers right-aligned with zero padding after the sign.
        func padded(_ text: String, numeric: Bool) -> String {
            var body = text
            if numeric, sign != "-", !body.hasPrefix("-") { body = String(sign) + body }
            let length = body.unicodeScalars.count
            guard width > length else { return body }
            let missing = width - length
            if zeroPad && numeric && align == nil || align == "=" {
                let padChar: Character = zeroPad && align == nil ? "0" : fill
                var prefix = ""
                if let first = body.first, "+- ".contains(first) {
                    prefix = String(first)
                    body.removeFirst()
                }
                if body.hasPrefix("0x") || body.hasPrefix("0X") || body.hasPrefix("0o") || body.hasPrefix("0b") {
                    prefix += body.prefix(2)
                    body.removeFirst(2)
                }
                return prefix + String(repeating: padChar, count: missing) + body
            }
            let alignment = align ?? (numeric ? ">" : "<")
            switch alignment {
            case "<": return body + String(repeating: fill, count: missing)
            case "^":
                let left = missing / 2
                return String(repeating: fill, count: left) + body + String(repeating: fill, count: missing - left)
            default: return String(repeating: fill, count: missing) + body
            }
        }
    }

    // MARK: str.format

    static func format(_ template: String, _ args: Arguments) throws(TemplateError) -> String {
        let scalars = Array(template.unicodeScalars)
        var out = ""
        var i = 0
        var autoIndex = 0
        var usedManual = false
        while i < scalars.count {
            let c = scalars[i]
            if c == "}" {
                guard i + 1 < scalars.count, scalars[i + 1] == "}" else { throw .value("Single '}' encountered in format string") }
                out += "}"
                i += 2
                continue
            }
            guard c == "{" else {
                out.unicodeScalars.append(c)
                i += 1
                continue
            }
            if i + 1 < scalars.count, scalars[i + 1] == "{" {
                out += "{"
                i += 2
                continue
            }
            var depth = 1
            var j = i + 1
            while j < scalars.count, depth > 0 {
                if scalars[j] == "{" { depth += 1 } else if scalars[j] == "}" { depth -= 1 }
                if depth > 0 { j += 1 }
            }
            guard j < scalars.count else { throw .value("expected '}' before end of string") }
            let field = String(String.UnicodeScalarView(scalars[(i + 1)..<j]))
            i = j + 1
            // field_name[!conversion][:spec]
            var name = field
            var conversion: Character?
            var spec = ""
            if let colon = field.firstIndex(of: ":") {
                name = String(field[..<colon])
                spec = String(field[field.index(after: colon)...])
            }
            if let bang = name.firstIndex(of: "!") {
                let rest = name[name.index(after: bang)...]
                guard rest.count == 1 else { throw .value("expected ':' after conversion specifier") }
                conversion = rest.first
                name = String(name[..<bang])
            }
            // The first part of the name picks the argument; `.attr` and `[key]` follow.
            var head = name
            var accessors = ""
            if let split = name.firstIndex(where: { $0 == "." || $0 == "[" }) {
                head = String(name[..<split])
                accessors = String(name[split...])
            }
            var value: JinjaValue
            if head.isEmpty {
                guard !usedManual else { throw .value("cannot switch from manual field specification to automatic field numbering") }
                guard autoIndex < args.positional.count else {
                    throw TemplateError(.indexError, "Replacement index \(autoIndex) out of range for positional args tuple")
                }
                value = args.positional[autoIndex]
                autoIndex += 1
            } else if let index = Int(head) {
                usedManual = true
                guard index < args.positional.count else {
                    throw TemplateError(.indexError, "Replacement index \(index) out of range for positional args tuple")
                }
                value = args.positional[index]
            } else {
                guard let found = args.keyword.first(where: { $0.0 == head }) else {
                    throw TemplateError(.keyError, JinjaValue.stringRepr(head))
                }
                value = found.1
            }
            var rest = Substring(accessors)
            while let first = rest.first {
                if first == "." {
                    rest = rest.dropFirst()
                    let end = rest.firstIndex(where: { $0 == "." || $0 == "[" }) ?? rest.endIndex
                    let attribute = String(rest[..<end])
                    rest = rest[end...]
                    guard let found = try Attributes.dataAttribute(value, attribute) ?? Attributes.lookupItem(value, .string(attribute))
                    else {
                        throw TemplateError(.attributeError, "'\(value.typeName)' object has no attribute '\(attribute)'")
                    }
                    value = found
                } else {
                    guard let close = rest.firstIndex(of: "]") else { throw .value("Missing ']' in format string") }
                    let keyText = String(rest[rest.index(after: rest.startIndex)..<close])
                    rest = rest[rest.index(after: close)...]
                    let key: JinjaValue = Int(keyText).map { .int($0) } ?? .string(keyText)
                    guard let found = Attributes.lookupItem(value, key) else { throw TemplateError(.keyError, key.pythonRepr) }
                    value = found
                }
            }
            switch conversion {
            case "r"?, "a"?: value = .string(value.pythonRepr)
            case "s"?: value = .string(value.description)
            case nil: break
            default: throw .value("Unknown conversion specifier \(conversion!)")
            }
            if spec.contains("{") {
                spec = try format(spec, args)
            }
            out += try formatValue(value, spec: spec)
        }
        return out
    }

    /// Python's `format(value, spec)`.
    static func formatValue(_ value: JinjaValue, spec text: String) throws(TemplateError) -> String {
        if text.isEmpty { return value.description }
        if case .datetime(let dt) = value.storage { return Strftime.format(dt, text) }
        if case .date(let date) = value.storage { return Strftime.format(date, text) }
        var spec = FormatSpec()
        var chars = Array(text)
        var i = 0
        if chars.count >= 2, "<>=^".contains(chars[1]) {
            spec.fill = chars[0]
            spec.align = chars[1]
            i = 2
        } else if let first = chars.first, "<>=^".contains(first) {
            spec.align = first
            i = 1
        }
        if i < chars.count, "+- ".contains(chars[i]) {
            spec.sign = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "#" {
            spec.alternate = true
            i += 1
        }
        if i < chars.count, chars[i] == "0" {
            spec.zeroPad = true
            i += 1
        }
        var width = 0
        while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
            width = width * 10 + d
            i += 1
        }
        spec.width = width
        if i < chars.count, chars[i] == "," || chars[i] == "_" {
            spec.grouping = chars[i]
            i += 1
        }
        if i < chars.count, chars[i] == "." {
            i += 1
            var precision = 0
            while i < chars.count, let d = chars[i].wholeNumberValue, chars[i].isASCII {
                precision = precision * 10 + d
                i += 1
            }
            spec.precision = precision
        }
        if i < chars.count {
            spec.type = chars[i]
            i += 1
        }
        guard i == chars.count else { throw .value("Invalid format specifier '\(text)' for object of type '\(value.typeName)'") }
        chars = []
        if spec.zeroPad && spec.align == nil {
            spec.fill = "0"
            spec.align = "="
        }
        switch value.storage {
        case .string(let s):
            guard spec.type == nil || spec.type == "s" else { throw .value("Unknown format code '\(spec.type!)' for object of type 'str'") }
            var body = s
            if let precision = spec.precision { body = String(body.unicodeScalars.prefix(precision)) }
            return spec.padded(body, numeric: false)
        default:
            guard let number = value.numeric else { return spec.padded(value.description, numeric: false) }
            var body: String
            switch spec.type {
            case nil where { if case .float = number { return true } else { return false } }():
                body =
                    spec.precision.map { floatText(number.doubleValue, "g", precision: max($0, 1), alternate: false) } ?? value.description
                if case .float(let x) = number, x < 0 || (x == 0 && x.sign == .minus) { body.removeFirst() }
            case nil, "d"?, "n"?:
                guard case .float = number else {
                    body = try integerText(number)
                    if body.hasPrefix("-") { body.removeFirst() }
                    break
                }
                throw .value("Unknown format code 'd' for object of type 'float'")
            case "f"?, "F"?, "e"?, "E"?, "g"?, "G"?, "%"?:
                var x = number.doubleValue
                var suffix = ""
                var code = spec.type!
                if code == "%" {
                    x *= 100
                    suffix = "%"
                    code = "f"
                }
                body = floatText(abs(x), code, precision: spec.precision ?? 6, alternate: spec.alternate) + suffix
            case "x"?, "X"?, "o"?, "b"?:
                guard case .int(let n) = number else { throw .value("Unknown format code '\(spec.type!)' for object of type 'float'") }
                let radix = spec.type == "o" ? 8 : (spec.type == "b" ? 2 : 16)
                body = String(n.magnitude, radix: radix, uppercase: spec.type == "X")
                if spec.alternate { body = "0" + String(spec.type!) + body }
            case "c"?:
                guard case .int(let n) = number, let scalar = Unicode.Scalar(UInt32(clamping: n)) else {
                    throw TemplateError(.overflow, "%c arg not in range(0x110000)")
                }
                return spec.padded(String(scalar), numeric: false)
            default:
                throw .value("Unknown format code '\(spec.type!)' for object of type '\(value.typeName)'")
            }
            if let grouping = spec.grouping {
                let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
                var integer = String(parts[0])
                var grouped = ""
                while integer.count > 3 {
                    grouped = String(grouping) + integer.suffix(3) + grouped
                    integer.removeLast(3)
                }
                body = integer + grouped + (parts.count > 1 ? "." + parts[1] : "")
            }
            let negative =
                number.doubleValue < 0 || { if case .float(let x) = number { return x.sign == .minus && x == 0 } else { return false } }()
            if negative { body = "-" + body } else if spec.sign == "+" { body = "+" + body } else if spec.sign == " " { body = " " + body }
            var padding = spec
            padding.sign = "-"
            padding.zeroPad = false
            return padding.padded(body, numeric: true)
        }
    }
}
