internal import AirbyteProtocol

/// XML to JSON as Python's `xmltodict.parse` (with its defaults) turns it into a dict, which
/// the CDK's `XmlDecoder` yields: attributes as `@name`, text beside children or attributes
/// as `#text`, text alone as a string, an empty element as `null`, repeated children as a
/// list, namespace prefixes kept as written. Comments, processing instructions and the
/// DOCTYPE are skipped; entities other than XML's own and character references are refused
/// as expat refuses them (no DTD is read).
enum XMLToDict {
    struct ParseError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws(ParseError) -> JSONObject {
        var parser = Parser(Array(text.unicodeScalars))
        return try parser.document()
    }

    /// One open element: what it holds so far (`nil` until it has attributes or children)
    /// and its text pieces.
    private struct Frame {
        var name: String
        var item: JSONObject?
        var data: String
    }

    private struct Parser {
        let scalars: [Unicode.Scalar]
        var index = 0
        var stack: [Frame] = []
        var result: JSONObject?

        init(_ scalars: [Unicode.Scalar]) { self.scalars = scalars }

        func fail(_ message: String) -> ParseError {
            var line = 1
            var column = 0
            for scalar in scalars[..<min(index, scalars.count)] {
                if scalar == "\n" {
                    line += 1
                    column = 0
                } else {
                    column += 1
                }
            }
            return ParseError(description: "\(message): line \(line), column \(column)")
        }

        func starts(with literal: String) -> Bool {
            var position = index
            for scalar in literal.unicodeScalars {
                guard position < scalars.count, scalars[position] == scalar else { return false }
                position += 1
            }
            return true
        }

        /// Moves past the next `literal`, or fails.
        mutating func skip(past literal: String, what: String) throws(ParseError) {
            let pattern = Array(literal.unicodeScalars)
            while index + pattern.count <= scalars.count {
                if scalars[index] == pattern[0] && scalars[index..<index + pattern.count].elementsEqual(pattern) {
                    index += pattern.count
                    return
                }
                index += 1
            }
            throw fail("unclosed \(what)")
        }

        static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
        }

        mutating func document() throws(ParseError) -> JSONObject {
            if index < scalars.count, scalars[index] == "\u{FEFF}" { index += 1 }
            while index < scalars.count {
                if starts(with: "<!--") {
                    try skip(past: "-->", what: "comment")
                } else if starts(with: "<![CDATA[") {
                    guard !stack.isEmpty else { throw fail("syntax error") }
                    index += 9
                    let start = index
                    try skip(past: "]]>", what: "CDATA section")
                    appendText(String(String.UnicodeScalarView(scalars[start..<index - 3])))
                } else if starts(with: "<!") {
                    guard stack.isEmpty, result == nil else { throw fail("syntax error") }
                    try skipDeclaration()
                } else if starts(with: "<?") {
                    try skip(past: "?>", what: "processing instruction")
                } else if starts(with: "</") {
                    try endTag()
                } else if scalars[index] == "<" {
                    try startTag()
                } else {
                    let start = index
                    while index < scalars.count, scalars[index] != "<" { index += 1 }
                    let raw = scalars[start..<index]
                    if stack.isEmpty {
                        guard raw.allSatisfy(Self.isSpace) else {
                            throw fail(result == nil ? "syntax error" : "junk after document element")
                        }
                    } else {
                        appendText(try decode(raw, inAttribute: false))
                    }
                }
            }
            if !stack.isEmpty { throw fail("unclosed token") }
            guard let result else { throw fail("no element found") }
            return result
        }

        /// `<!DOCTYPE …>` with an optional internal subset in brackets.
        mutating func skipDeclaration() throws(ParseError) {
            var depth = 0
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                if scalar == "[" { depth += 1 }
                if scalar == "]" { depth -= 1 }
                if scalar == ">" && depth <= 0 { return }
            }
            throw fail("unclosed token")
        }

        mutating func name() throws(ParseError) -> String {
            let start = index
            while index < scalars.count {
                let scalar = scalars[index]
                if Self.isSpace(scalar) || scalar == "/" || scalar == ">" || scalar == "=" || scalar == "<" { break }
                index += 1
            }
            guard index > start else { throw fail("not well-formed (invalid token)") }
            return String(String.UnicodeScalarView(scalars[start..<index]))
        }

        mutating func skipSpaces() {
            while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
        }

        mutating func startTag() throws(ParseError) {
            if stack.isEmpty && result != nil { throw fail("junk after document element") }
            index += 1
            let tag = try name()
            var attributes = JSONObject()
            while true {
                skipSpaces()
                guard index < scalars.count else { throw fail("unclosed token") }
                if scalars[index] == ">" {
                    index += 1
                    open(tag, attributes)
                    return
                }
                if starts(with: "/>") {
                    index += 2
                    open(tag, attributes)
                    close()
                    return
                }
                let attribute = try name()
                skipSpaces()
                guard index < scalars.count, scalars[index] == "=" else { throw fail("not well-formed (invalid token)") }
                index += 1
                skipSpaces()
                guard index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" else {
                    throw fail("not well-formed (invalid token)")
                }
                let quote = scalars[index]
                index += 1
                let start = index
                while index < scalars.count, scalars[index] != quote {
                    if scalars[index] == "<" { throw fail("not well-formed (invalid token)") }
                    index += 1
                }
                guard index < scalars.count else { throw fail("unclosed token") }
                let value = try decode(scalars[start..<index], inAttribute: true)
                index += 1
                let key = "@" + attribute
                if attributes[key] != nil { throw fail("duplicate attribute") }
                attributes[key] = .string(value)
            }
        }

        mutating func endTag() throws(ParseError) {
            index += 2
            let tag = try name()
            skipSpaces()
            guard index < scalars.count, scalars[index] == ">" else { throw fail("not well-formed (invalid token)") }
            index += 1
            guard let open = stack.last, open.name == tag else { throw fail("mismatched tag") }
            close()
        }

        mutating func open(_ tag: String, _ attributes: JSONObject) {
            stack.append(Frame(name: tag, item: attributes.isEmpty ? nil : attributes, data: ""))
        }

        mutating func appendText(_ text: String) {
            stack[stack.count - 1].data += text
        }

        /// `endElement`: the element's value goes into its parent (a list when the name repeats).
        mutating func close() {
            let frame = stack.removeLast()
            let stripped = Self.pythonStrip(frame.data)
            let value: JSONValue
            if var item = frame.item {
                if !stripped.isEmpty { Self.push(&item, "#text", .string(stripped)) }
                value = .object(item)
            } else {
                value = stripped.isEmpty ? .null : .string(stripped)
            }
            if stack.isEmpty {
                var root = JSONObject()
                root[frame.name] = value
                result = root
                return
            }
            var parent = stack[stack.count - 1].item ?? JSONObject()
            Self.push(&parent, frame.name, value)
            stack[stack.count - 1].item = parent
        }

        static func push(_ item: inout JSONObject, _ key: String, _ value: JSONValue) {
            switch item[key] {
            case nil: item[key] = value
            case .array(var list)?:
                list.append(value)
                item[key] = .array(list)
            case let existing?: item[key] = .array([existing, value])
            }
        }

        /// Python's `str.strip()`.
        static func pythonStrip(_ text: String) -> String {
            func isSpace(_ scalar: Unicode.Scalar) -> Bool {
                scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
            }
            let scalars = text.unicodeScalars
            guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
            let last = scalars.lastIndex(where: { !isSpace($0) })!
            return String(scalars[first...last])
        }

        /// Character data with line ends normalized and references resolved (in attribute
        /// values, whitespace characters become spaces).
        func decode(_ raw: ArraySlice<Unicode.Scalar>, inAttribute: Bool) throws(ParseError) -> String {
            var output = String.UnicodeScalarView()
            var position = raw.startIndex
            while position < raw.endIndex {
                let scalar = raw[position]
                if scalar == "\r" {
                    output.append(inAttribute ? " " : "\n")
                    if position + 1 < raw.endIndex, raw[position + 1] == "\n" { position += 1 }
                } else if inAttribute && (scalar == "\n" || scalar == "\t") {
                    output.append(" ")
                } else if scalar == "&" {
                    guard let end = raw[position...].firstIndex(of: ";") else { throw fail("not well-formed (invalid token)") }
                    let reference = String(String.UnicodeScalarView(raw[(position + 1)..<end]))
                    guard let resolved = Self.resolve(reference) else {
                        throw fail(reference.hasPrefix("#") ? "reference to invalid character number" : "undefined entity")
                    }
                    output.append(resolved)
                    position = end
                } else {
                    output.append(scalar)
                }
                position += 1
            }
            return String(output)
        }

        static func resolve(_ reference: String) -> Unicode.Scalar? {
            switch reference {
            case "lt": return "<"
            case "gt": return ">"
            case "amp": return "&"
            case "quot": return "\""
            case "apos": return "'"
            default: break
            }
            guard reference.hasPrefix("#") else { return nil }
            let digits = reference.dropFirst()
            let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
            guard let value, value != 0 else { return nil }
            return Unicode.Scalar(value)
        }
    }
}
