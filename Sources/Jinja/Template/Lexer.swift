/// Splits a template into tokens as Jinja 2's lexer does with its default
/// environment: `{{ }}`, `{% %}`, `{# #}`, a `-` beside a delimiter strips the
/// whitespace on that side, `{% raw %}` passes text through, and inside a tag the
/// closing delimiter only counts when brackets are balanced.
struct Token: Sendable {
    enum Kind: Sendable, Equatable {
        case data(String)
        case variableBegin, variableEnd, blockBegin, blockEnd
        case name(String)
        case string(String)
        case integer(JinjaValue)
        case float(Double)
        case op(String)
        case eof
    }

    let kind: Kind
    let offset: Int

    /// How Jinja names the token in "expected ..." messages.
    var describe: String {
        switch kind {
        case .data: return "template data"
        case .variableBegin: return "begin of print statement"
        case .variableEnd: return "end of print statement"
        case .blockBegin: return "begin of statement block"
        case .blockEnd: return "end of statement block"
        case .name(let name): return "'\(name)'"
        case .string(let value): return JinjaValue.stringRepr(value)
        case .integer(let value): return value.pythonRepr
        case .float(let value): return JinjaValue.floatRepr(value)
        case .op(let op): return "'\(op)'"
        case .eof: return "end of template"
        }
    }

    func isName(_ name: String) -> Bool {
        if case .name(let value) = kind { return value == name }
        return false
    }

    func isOp(_ op: String) -> Bool {
        if case .op(let value) = kind { return value == op }
        return false
    }
}

struct Lexer {
    let source: [UInt8]
    let text: SourceText
    private var position = 0
    private var tokens: [Token] = []
    /// Set by a `-` before a closing delimiter: strip leading whitespace of the next data.
    private var stripNextData = false

    init(_ text: SourceText) {
        self.text = text
        self.source = text.bytes
    }

    static func tokenize(_ text: SourceText) throws(TemplateError) -> [Token] {
        var lexer = Lexer(text)
        try lexer.run()
        return lexer.tokens
    }

    private func error(_ message: String, at offset: Int) -> TemplateError {
        TemplateError(.syntax, message, template: text.original, location: text.location(of: offset))
    }

    private func byte(_ index: Int) -> UInt8? { index < source.count ? source[index] : nil }

    private func startsWith(_ literal: String, at index: Int) -> Bool {
        var i = index
        for b in literal.utf8 {
            guard i < source.count, source[i] == b else { return false }
            i += 1
        }
        return true
    }

    private static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0B || b == 0x0C || b == 0x0D
    }

    private mutating func run() throws(TemplateError) {
        while position < source.count {
            // Find the next tag opening.
            var search = position
            var found: (index: Int, kind: UInt8)?
            while search + 1 < source.count {
                if source[search] == UInt8(ascii: "{") {
                    let next = source[search + 1]
                    if next == UInt8(ascii: "{") || next == UInt8(ascii: "%") || next == UInt8(ascii: "#") {
                        found = (search, next)
                        break
                    }
                }
                search += 1
            }
            let dataEnd = found?.index ?? source.count
            var data = String(decoding: source[position..<dataEnd], as: UTF8.self)
            if stripNextData {
                data = String(data.unicodeScalars.drop(while: { isPythonWhitespace($0) }))
                stripNextData = false
            }
            guard let (tagStart, kind) = found else {
                if !data.isEmpty { tokens.append(Token(kind: .data(data), offset: position)) }
                position = source.count
                break
            }
            var afterOpen = tagStart + 2
            let sign = byte(afterOpen)
            if sign == UInt8(ascii: "-") {
                data = String(String.UnicodeScalarView(data.unicodeScalars.reversed().drop(while: { isPythonWhitespace($0) }).reversed()))
            }
            if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { afterOpen += 1 }
            // A raw block is data from its opening tag to `{% endraw %}`.
            if kind == UInt8(ascii: "%"), let rawEnd = rawBodyStart(afterOpen) {
                if !data.isEmpty { tokens.append(Token(kind: .data(data), offset: position)) }
                try lexRaw(bodyStart: rawEnd, tagStart: tagStart)
                continue
            }
            if !data.isEmpty { tokens.append(Token(kind: .data(data), offset: position)) }
            position = afterOpen
            switch kind {
            case UInt8(ascii: "#"): try skipComment(tagStart)
            case UInt8(ascii: "{"):
                tokens.append(Token(kind: .variableBegin, offset: tagStart))
                try lexTag(closing: UInt8(ascii: "}"), endKind: .variableEnd, tagStart: tagStart)
            default:
                tokens.append(Token(kind: .blockBegin, offset: tagStart))
                try lexTag(closing: UInt8(ascii: "%"), endKind: .blockEnd, tagStart: tagStart)
            }
        }
        tokens.append(Token(kind: .eof, offset: source.count))
    }

    /// If `{%` at this point opens `raw`, the offset just after the tag's end.
    private mutating func rawBodyStart(_ start: Int) -> Int? {
        var i = start
        while let b = byte(i), Self.isSpace(b) { i += 1 }
        guard startsWith("raw", at: i) else { return nil }
        i += 3
        if let b = byte(i), isNameContinue(b) { return nil }
        while let b = byte(i), Self.isSpace(b) { i += 1 }
        if startsWith("-%}", at: i) {
            i += 3
            stripNextData = true
            return i
        }
        if startsWith("%}", at: i) { return i + 2 }
        return nil
    }

    private mutating func lexRaw(bodyStart: Int, tagStart: Int) throws(TemplateError) {
        var i = bodyStart
        let stripLeading = stripNextData
        stripNextData = false
        while i + 1 < source.count {
            if source[i] == UInt8(ascii: "{"), source[i + 1] == UInt8(ascii: "%") {
                var j = i + 2
                let sign = byte(j)
                if sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { j += 1 }
                while let b = byte(j), Self.isSpace(b) { j += 1 }
                if startsWith("endraw", at: j) {
                    j += 6
                    while let b = byte(j), Self.isSpace(b) { j += 1 }
                    var closeLength = 0
                    if startsWith("-%}", at: j) {
                        closeLength = 3
                    } else if startsWith("+%}", at: j) || startsWith("%}", at: j) {
                        closeLength = startsWith("+%}", at: j) ? 3 : 2
                    }
                    if closeLength > 0 {
                        var body = String(decoding: source[bodyStart..<i], as: UTF8.self)
                        if stripLeading { body = String(body.unicodeScalars.drop(while: { isPythonWhitespace($0) })) }
                        if sign == UInt8(ascii: "-") {
                            body = String(
                                String.UnicodeScalarView(body.unicodeScalars.reversed().drop(while: { isPythonWhitespace($0) }).reversed()))
                        }
                        if !body.isEmpty { tokens.append(Token(kind: .data(body), offset: bodyStart)) }
                        stripNextData = startsWith("-%}", at: j)
                        position = j + closeLength
                        return
                    }
                }
            }
            i += 1
        }
        throw error("Missing end of raw directive", at: tagStart)
    }

    private mutating func skipComment(_ tagStart: Int) throws(TemplateError) {
        var i = position
        while i + 1 < source.count {
            if source[i] == UInt8(ascii: "#"), source[i + 1] == UInt8(ascii: "}") {
                stripNextData = i > position && source[i - 1] == UInt8(ascii: "-")
                position = i + 2
                return
            }
            i += 1
        }
        throw error("Missing end of comment tag", at: tagStart)
    }

    private mutating func lexTag(closing: UInt8, endKind: Token.Kind, tagStart: Int) throws(TemplateError) {
        var balance: [UInt8] = []
        while true {
            while let b = byte(position), Self.isSpace(b) { position += 1 }
            guard let b = byte(position) else {
                throw error(
                    "unexpected end of template, expected '\(endKind == .variableEnd ? "end of print statement" : "end of statement block")'.",
                    at: source.count)
            }
            if balance.isEmpty {
                // `-}}`, `}}`, `-%}`, `+%}`, `%}`
                if b == UInt8(ascii: "-") || (b == UInt8(ascii: "+") && closing == UInt8(ascii: "%")),
                    byte(position + 1) == closing, byte(position + 2) == UInt8(ascii: "}")
                {
                    tokens.append(Token(kind: endKind, offset: position))
                    stripNextData = b == UInt8(ascii: "-")
                    position += 3
                    return
                }
                if b == closing, byte(position + 1) == UInt8(ascii: "}") {
                    tokens.append(Token(kind: endKind, offset: position))
                    position += 2
                    return
                }
            }
            let start = position
            if let number = try lexNumber() {
                tokens.append(Token(kind: number, offset: start))
            } else if isNameStart(b) || b >= 0x80 {
                tokens.append(Token(kind: .name(try lexName()), offset: start))
            } else if b == UInt8(ascii: "'") || b == UInt8(ascii: "\"") {
                tokens.append(Token(kind: .string(try lexString()), offset: start))
            } else {
                let op = try lexOperator()
                switch op {
                case "(", "[", "{": balance.append(op.utf8.first!)
                case ")", "]", "}":
                    let expected: UInt8 = op == ")" ? UInt8(ascii: "(") : (op == "]" ? UInt8(ascii: "[") : UInt8(ascii: "{"))
                    guard balance.last == expected else {
                        if balance.isEmpty { throw error("unexpected '\(op)'", at: start) }
                        let open = Character(UnicodeScalar(balance.last!))
                        let want = open == "(" ? ")" : (open == "[" ? "]" : "}")
                        throw error("unexpected '\(op)', expected '\(want)'", at: start)
                    }
                    balance.removeLast()
                default: break
                }
                tokens.append(Token(kind: .op(op), offset: start))
            }
        }
    }

    private func isNameStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }

    private func isNameContinue(_ b: UInt8) -> Bool {
        isNameStart(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    private func isDigit(_ b: UInt8?) -> Bool {
        guard let b else { return false }
        return b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }

    private mutating func lexName() throws(TemplateError) -> String {
        let start = position
        while position < source.count {
            let b = source[position]
            if b < 0x80 {
                guard isNameContinue(b) else { break }
                position += 1
            } else {
                // A non-ASCII letter or digit continues an identifier (Python's `\w`).
                var end = position + 1
                while end < source.count, source[end] & 0xC0 == 0x80 { end += 1 }
                let scalar = String(decoding: source[position..<end], as: UTF8.self).unicodeScalars.first!
                guard scalar.properties.isAlphabetic || scalar.properties.numericType == .decimal else { break }
                position = end
            }
        }
        if position == start {
            var end = position + 1
            while end < source.count, source[end] & 0xC0 == 0x80 { end += 1 }
            throw error(
                "unexpected char \(JinjaValue.stringRepr(String(decoding: source[position..<end], as: UTF8.self))) at \(position)",
                at: position)
        }
        return String(decoding: source[start..<position], as: UTF8.self)
    }

    /// Digits separated by single underscores, starting at `index`; returns the end.
    private func digitRun(_ index: Int, allowed: (UInt8) -> Bool) -> Int? {
        var i = index
        guard let first = byte(i), allowed(first) else { return nil }
        i += 1
        while let b = byte(i) {
            if allowed(b) {
                i += 1
            } else if b == UInt8(ascii: "_"), let next = byte(i + 1), allowed(next) {
                i += 2
            } else {
                break
            }
        }
        return i
    }

    private mutating func lexNumber() throws(TemplateError) -> Token.Kind? {
        let start = position
        guard isDigit(byte(start)) else { return nil }
        let decimal: (UInt8) -> Bool = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        // Float first, as Jinja's rules are ordered; not right after a dot (`foo.0.1`).
        if start == 0 || source[start - 1] != UInt8(ascii: ".") {
            if let intEnd = digitRun(start, allowed: decimal) {
                var end = intEnd
                var isFloat = false
                if byte(end) == UInt8(ascii: "."), let fracEnd = digitRun(end + 1, allowed: decimal) {
                    end = fracEnd
                    isFloat = true
                }
                if let e = byte(end), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
                    var expStart = end + 1
                    if let s = byte(expStart), s == UInt8(ascii: "+") || s == UInt8(ascii: "-") { expStart += 1 }
                    if let expEnd = digitRun(expStart, allowed: decimal) {
                        end = expEnd
                        isFloat = true
                    }
                }
                if isFloat {
                    let text = String(decoding: source[start..<end], as: UTF8.self).replacingUnderscores()
                    position = end
                    return .float(Double(text) ?? .infinity)
                }
            }
        }
        // Integers: 0b, 0o, 0x, decimal without leading zeros, or zeros.
        if byte(start) == UInt8(ascii: "0"), let p = byte(start + 1) {
            let radix: Int?
            let allowed: (UInt8) -> Bool
            switch p | 0x20 {
            case UInt8(ascii: "b"):
                radix = 2
                allowed = { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }
            case UInt8(ascii: "o"):
                radix = 8
                allowed = { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
            case UInt8(ascii: "x"):
                radix = 16
                allowed = { decimal($0) || (($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "f")) }
            default:
                radix = nil
                allowed = decimal
            }
            if let radix {
                var i = start + 2
                if byte(i) == UInt8(ascii: "_") { i += 1 }
                if let end = digitRun(i, allowed: allowed) {
                    let digits = String(decoding: source[(start + 2)..<end], as: UTF8.self).replacingUnderscores()
                    position = end
                    if let value = Int(digits, radix: radix) { return .integer(.int(value)) }
                    return .integer(.float(Double(UInt64(digits, radix: radix) ?? 0)))
                }
            }
            // `0(_?0)*`
            var end = start + 1
            while true {
                if byte(end) == UInt8(ascii: "0") {
                    end += 1
                } else if byte(end) == UInt8(ascii: "_"), byte(end + 1) == UInt8(ascii: "0") {
                    end += 2
                } else {
                    break
                }
            }
            position = end
            return .integer(.int(0))
        }
        guard let end = digitRun(start, allowed: decimal) else { return nil }
        let text = String(decoding: source[start..<end], as: UTF8.self).replacingUnderscores()
        position = end
        if let value = Int(text) { return .integer(.int(value)) }
        return .integer(JinjaValue(storage: .bigInt(BigInteger(negative: false, digits: text))))
    }

    private mutating func lexString() throws(TemplateError) -> String {
        let start = position
        let quote = source[position]
        var i = position + 1
        while i < source.count {
            let b = source[i]
            if b == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if b == quote {
                position = i + 1
                let body = String(decoding: source[(start + 1)..<i], as: UTF8.self)
                do throws(TemplateError) {
                    return try PythonEscapes.decodeUnicodeEscape(body)
                } catch {
                    throw self.error(error.message, at: start)
                }
            }
            i += 1
        }
        throw error("unexpected char \(JinjaValue.stringRepr(String(UnicodeScalar(quote)))) at \(start)", at: start)
    }

    private static let operators: [String] = [
        "//", "**", "==", "!=", ">=", "<=",
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    private mutating func lexOperator() throws(TemplateError) -> String {
        for op in Self.operators where startsWith(op, at: position) {
            position += op.utf8.count
            return op
        }
        let scalarEnd = min(source.count, position + 1)
        throw error(
            "unexpected char \(JinjaValue.stringRepr(String(decoding: source[position..<scalarEnd], as: UTF8.self))) at \(position)",
            at: position)
    }
}

extension String {
    func replacingUnderscores() -> String { filter { $0 != "_" } }
}

/// Python's `str.isspace()` for one character.
func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
        return true
    default:
        return false
    }
}
