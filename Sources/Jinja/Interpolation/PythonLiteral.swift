/// Python's `ast.literal_eval` on text, as the CDK applies it to every rendered
/// template: numbers (`1_000`, `0x1f`, `1e5`, `.5`; not `007`), strings with any
/// prefix but `f` and adjacent ones joined, bytes, `True`/`False`/`None`, tuples
/// (bare `1, 2` too), lists, dicts, sets and `set()`, with comments, brackets across
/// lines and leading spaces allowed.
///
/// `nil` means Python would raise (`SyntaxError`, `ValueError`, `TypeError` for an
/// unhashable key, `MemoryError`/`RecursionError` for absurd nesting) and the CDK
/// keeps the text. Complex numbers count as not literal here: the CDK rejects a
/// complex result too (a complex inside a container, which it would keep, stays text).
public enum PythonLiteral {
    /// The literal `text` denotes, or `nil`.
    public static func evaluate(_ text: String) -> JinjaValue? {
        if let known = wordOrNumber(text) { return known }
        var parser = LiteralParser(text)
        return parser.parseDocument()
    }

    /// The answer for the texts templates render most (a word, a small decimal number)
    /// without the parser: `.some(nil)` for a word that is not `True`, `False` or `None`
    /// (a name, not a literal); `nil` when the parser must decide.
    private static func wordOrNumber(_ text: String) -> JinjaValue?? {
        let utf8 = text.utf8
        guard let first = utf8.first, utf8.count <= 18 else { return nil }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        if isLetter(first) || first == UInt8(ascii: "_") {
            guard utf8.allSatisfy({ isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }) else { return nil }
            switch text {
            case "True": return .some(true)
            case "False": return .some(false)
            case "None": return .some(JinjaValue.none)
            default: return .some(nil)
            }
        }
        guard isDigit(first), first != UInt8(ascii: "0") || utf8.count == 1, utf8.allSatisfy(isDigit) else { return nil }
        return Int(text).map { .some(.int($0)) }
    }
}

private struct LiteralParser {
    private let s: [Unicode.Scalar]
    private var i = 0
    private var depth = 0  // bracket nesting: newlines are whitespace inside brackets
    private var failed = false  // a line continuation at the end of the input

    init(_ text: String) {
        var scalars = Array(text.unicodeScalars)
        let leading = scalars.prefix { $0 == " " || $0 == "\t" }.count
        if leading > 0 { scalars.removeFirst(leading) }
        s = scalars
    }

    private static func isNewline(_ c: Unicode.Scalar) -> Bool { c == "\n" || c == "\r" }

    /// Skips spaces, tabs, form feeds, comments, line continuations, and newlines inside brackets.
    private mutating func skipSpace() -> Bool {
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\u{0C}" {
                i += 1
            } else if c == "#" {
                while i < s.count, !Self.isNewline(s[i]) { i += 1 }
            } else if c == "\\" {
                guard i + 1 < s.count, Self.isNewline(s[i + 1]) else { return false }
                i += 2
                if s[i - 1] == "\r", i < s.count, s[i] == "\n" { i += 1 }
                if i >= s.count {  // continuation at end of input
                    failed = true
                    return false
                }
            } else if depth > 0, Self.isNewline(c) {
                i += 1
            } else {
                break
            }
        }
        return true
    }

    mutating func parseDocument() -> JinjaValue? {
        // Leading blank lines; the first real line must not be indented.
        while true {
            let lineStart = i
            while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\u{0C}" { i += 1 }
            if i < s.count, s[i] == "#" { while i < s.count, !Self.isNewline(s[i]) { i += 1 } }
            if i < s.count, Self.isNewline(s[i]) {
                i += 1
                continue
            }
            if i > lineStart && lineStart > 0 { return nil }  // unexpected indent
            break
        }
        guard i < s.count else { return nil }
        guard let value = parseTopTuple(), !failed else { return nil }
        // Only blank lines and comments may follow.
        while i < s.count {
            guard skipSpace() else { return nil }
            if i < s.count {
                guard Self.isNewline(s[i]) else { return nil }
                i += 1
            }
        }
        return failed ? nil : value.value
    }

    private enum Parsed {
        case value(JinjaValue)
        case complex
        /// An int or float constant: it may take a sign.
        case real(JinjaValue)
        /// A signed number: it may start a complex sum, not take another sign.
        case signed(JinjaValue)

        var value: JinjaValue? {
            switch self {
            case .value(let v), .real(let v), .signed(let v): return v
            case .complex: return nil
            }
        }
    }

    private mutating func peek() -> Unicode.Scalar? {
        guard skipSpace() else { return nil }
        return i < s.count ? s[i] : nil
    }

    /// `a, b` at the top level is a tuple.
    private mutating func parseTopTuple() -> Parsed? {
        guard let first = parseExpression() else { return nil }
        guard peek() == "," else { return first }
        var items: [JinjaValue] = []
        guard let v = first.value else { return nil }
        items.append(v)
        while peek() == "," {
            i += 1
            guard let next = peek(), !Self.isNewline(next), next != "#" else { break }
            guard let item = parseExpression()?.value else { return nil }
            items.append(item)
        }
        return .value(.tuple(items))
    }

    /// A signed number, a complex sum, or an atom.
    private mutating func parseExpression() -> Parsed? {
        guard let left = parseSigned() else { return nil }
        guard let op = peek(), op == "+" || op == "-" else { return left }
        // Only `real ± imaginary` is allowed.
        switch left {
        case .real, .signed: break
        default: return nil
        }
        i += 1
        guard let right = parseAtom(), case .complex = right else { return nil }
        return .complex
    }

    private mutating func parseSigned() -> Parsed? {
        guard let c = peek() else { return nil }
        if c == "-" || c == "+" {
            i += 1
            guard let operand = parseAtom() else { return nil }
            switch operand {
            case .real(let value):
                return .signed(c == "-" ? ((try? value.negated()) ?? value) : value)
            case .complex: return .complex
            case .value, .signed: return nil
            }
        }
        return parseAtom()
    }

    private mutating func parseAtom() -> Parsed? {
        guard let c = peek() else { return nil }
        switch c {
        case "(":
            i += 1
            depth += 1
            defer { depth -= 1 }
            if peek() == ")" {
                i += 1
                return .value(.tuple([]))
            }
            guard let first = parseExpression() else { return nil }
            if peek() == ")" {
                i += 1
                return first  // parentheses keep a constant a constant
            }
            guard let firstValue = first.value else { return nil }
            var items = [firstValue]
            while peek() == "," {
                i += 1
                if peek() == ")" { break }
                guard let item = parseExpression()?.value else { return nil }
                items.append(item)
            }
            guard peek() == ")" else { return nil }
            i += 1
            return .value(.tuple(items))
        case "[":
            i += 1
            depth += 1
            defer { depth -= 1 }
            var items: [JinjaValue] = []
            while true {
                if peek() == "]" {
                    i += 1
                    return .value(.list(items))
                }
                guard let item = parseExpression()?.value else { return nil }
                items.append(item)
                if peek() == "," {
                    i += 1
                    continue
                }
                guard peek() == "]" else { return nil }
            }
        case "{":
            i += 1
            depth += 1
            defer { depth -= 1 }
            if peek() == "}" {
                i += 1
                return .value(.dict([(JinjaValue, JinjaValue)]()))
            }
            guard let first = parseExpression()?.value else { return nil }
            if peek() == ":" {
                var dict = JinjaDict()
                var key = first
                while true {
                    guard peek() == ":" else { return nil }
                    i += 1
                    guard let value = parseExpression()?.value else { return nil }
                    guard (try? key.checkHashable()) != nil else { return nil }
                    dict[key] = value
                    if peek() == "," {
                        i += 1
                        if peek() == "}" { break }
                        guard let next = parseExpression()?.value else { return nil }
                        key = next
                        continue
                    }
                    break
                }
                guard peek() == "}" else { return nil }
                i += 1
                return .value(JinjaValue(storage: .dict(dict)))
            }
            var members: [JinjaValue] = []
            var item = first
            while true {
                guard (try? item.checkHashable()) != nil else { return nil }
                if !members.contains(item) { members.append(item) }
                guard peek() == "," else { break }
                i += 1
                if peek() == "}" { break }
                guard let next = parseExpression()?.value else { return nil }
                item = next
            }
            guard peek() == "}" else { return nil }
            i += 1
            return .value(JinjaValue(storage: .set(members)))
        case ".":
            if i + 2 < s.count, s[i + 1] == ".", s[i + 2] == "." {
                i += 3
                return .value(JinjaValue(storage: .ellipsis))
            }
            return parseNumber()
        case "0"..."9":
            return parseNumber()
        case "'", "\"":
            return parseStrings(prefix: "")
        default:
            guard isIdentifierStart(c) else { return nil }
            let start = i
            while i < s.count, isIdentifierContinue(s[i]) { i += 1 }
            // Only a few names mean anything here; compare before building a string.
            let length = i - start
            let followedByQuote = i < s.count && (s[i] == "'" || s[i] == "\"")
            guard (followedByQuote && length <= 2) || (3...5).contains(length) else { return nil }
            let name = String(String.UnicodeScalarView(s[start..<i]))
            if followedByQuote, Set(name.lowercased()).isSubset(of: ["r", "u", "b", "f"]) {
                return parseStrings(prefix: name.lowercased())
            }
            switch name {
            case "True": return .value(true)
            case "False": return .value(false)
            case "None": return .value(.none)
            case "set":
                guard peek() == "(" else { return nil }
                i += 1
                depth += 1
                defer { depth -= 1 }
                guard peek() == ")" else { return nil }
                i += 1
                return .value(JinjaValue(storage: .set([])))
            default: return nil
            }
        }
    }

    private func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || c == "_" }
        return c.properties.isXIDStart
    }

    private func isIdentifierContinue(_ c: Unicode.Scalar) -> Bool {
        if c.isASCII { return ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" }
        return c.properties.isXIDContinue
    }

    /// Digits with single underscores between them.
    private mutating func digits(_ allowed: (Unicode.Scalar) -> Bool) -> String? {
        var text = ""
        guard i < s.count, allowed(s[i]) else { return nil }
        while i < s.count {
            if allowed(s[i]) {
                text.unicodeScalars.append(s[i])
                i += 1
            } else if s[i] == "_", i + 1 < s.count, allowed(s[i + 1]) {
                i += 1
            } else {
                break
            }
        }
        return text
    }

    private mutating func parseNumber() -> Parsed? {
        let decimal: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let start = i
        // Radix integers.
        if s[i] == "0", i + 1 < s.count {
            let p = Character(s[i + 1]).lowercased()
            let radix: Int? = p == "x" ? 16 : (p == "o" ? 8 : (p == "b" ? 2 : nil))
            if let radix {
                i += 2
                if i < s.count, s[i] == "_" { i += 1 }
                guard let text = digits({ Int(String($0), radix: radix) != nil }) else { return nil }
                guard !nameFollows() else { return nil }
                if let value = Int(text, radix: radix) { return .real(.int(value)) }
                return nil
            }
        }
        var integerPart = ""
        if s[i] != "." {
            guard let text = digits(decimal) else { return nil }
            integerPart = text
        }
        var isFloat = false
        var fraction = ""
        if i < s.count, s[i] == "." {
            isFloat = true
            i += 1
            fraction = digits(decimal) ?? ""
            if integerPart.isEmpty && fraction.isEmpty { return nil }
        }
        var exponent = ""
        if i < s.count, s[i] == "e" || s[i] == "E" {
            let mark = i
            i += 1
            var sign = ""
            if i < s.count, s[i] == "+" || s[i] == "-" {
                sign = String(s[i])
                i += 1
            }
            if let e = digits(decimal) {
                exponent = "e" + sign + e
                isFloat = true
            } else {
                i = mark
                return nil
            }
        }
        if i < s.count, s[i] == "j" || s[i] == "J" {
            i += 1
            return nameFollows() ? nil : .complex
        }
        guard !nameFollows() else { return nil }
        if isFloat {
            let text = (integerPart.isEmpty ? "0" : integerPart) + "." + (fraction.isEmpty ? "0" : fraction) + exponent
            return Double(text).map { .real(.float($0)) }
        }
        // Decimal integers may not have leading zeros, except zero itself.
        if integerPart.count > 1, integerPart.hasPrefix("0") {
            guard integerPart.allSatisfy({ $0 == "0" }) else { return nil }
            return .real(.int(0))
        }
        guard integerPart.count <= 4300 else { return nil }
        _ = start
        if let value = Int(integerPart) { return .real(.int(value)) }
        return .real(JinjaValue(storage: .bigInt(BigInteger(negative: false, digits: integerPart))))
    }

    /// A number directly followed by a letter is a syntax error in Python.
    private func nameFollows() -> Bool {
        i < s.count && (isIdentifierContinue(s[i]))
    }

    private mutating func parseStrings(prefix firstPrefix: String) -> Parsed? {
        var prefix = firstPrefix
        var text = ""
        var bytes: [UInt8]?
        var first = true
        while true {
            if !first {
                guard let c = peek() else { break }
                if c == "'" || c == "\"" {
                    prefix = ""
                } else if isIdentifierStart(c) {
                    let mark = i
                    while i < s.count, isIdentifierContinue(s[i]) { i += 1 }
                    let name = String(String.UnicodeScalarView(s[mark..<i])).lowercased()
                    guard i < s.count, s[i] == "'" || s[i] == "\"", name.count <= 2, Set(name).isSubset(of: ["r", "u", "b", "f"]) else {
                        i = mark
                        break
                    }
                    prefix = name
                } else {
                    break
                }
            }
            guard isValidPrefix(prefix) else { return nil }
            if prefix.contains("f") { return nil }
            guard let body = readQuoted() else { return nil }
            let raw = prefix.contains("r")
            let isBytes = prefix.contains("b")
            if first {
                if isBytes { bytes = [] }
            } else if (bytes != nil) != isBytes {
                return nil  // cannot mix bytes and str
            }
            first = false
            if isBytes {
                guard body.unicodeScalars.allSatisfy(\.isASCII) else { return nil }
                let decoded = raw ? body : ((try? PythonEscapes.decodeUnicodeEscape(body, bytes: true)) ?? nil)
                guard let decoded else { return nil }
                bytes! += decoded.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) }
            } else {
                let decoded = raw ? body : ((try? PythonEscapes.decodeUnicodeEscape(body)) ?? nil)
                guard let decoded else { return nil }
                text += decoded
            }
        }
        if let bytes { return .value(JinjaValue(storage: .bytes(bytes))) }
        return .value(.string(text))
    }

    private func isValidPrefix(_ prefix: String) -> Bool {
        ["", "r", "u", "b", "br", "rb", "f", "fr", "rf"].contains(prefix)
    }

    /// The body of a quoted string at `i` (single or triple quotes), escapes undecoded.
    private mutating func readQuoted() -> String? {
        let quote = s[i]
        let triple = i + 2 < s.count && s[i + 1] == quote && s[i + 2] == quote
        i += triple ? 3 : 1
        var body = String.UnicodeScalarView()
        while i < s.count {
            let c = s[i]
            if c == "\\", i + 1 < s.count {
                body.append(c)
                body.append(s[i + 1])
                i += 2
                continue
            }
            if c == quote {
                if !triple {
                    i += 1
                    return String(body)
                }
                if i + 2 < s.count, s[i + 1] == quote, s[i + 2] == quote {
                    i += 3
                    return String(body)
                }
            }
            if !triple, Self.isNewline(c) { return nil }
            body.append(c)
            i += 1
        }
        return nil
    }
}
