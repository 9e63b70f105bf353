/// A strict RFC 8259 parser over UTF-8 bytes.
///
/// - Numbers keep their exact text; the grammar is checked, the magnitude is not.
/// - Strings must be valid UTF-8 with control characters escaped. A `\u` escape
///   naming a lone surrogate (one not part of a high/low pair) becomes U+FFFD, as
///   Python's `json` can emit those and a Swift `String` cannot hold them.
/// - A repeated object key keeps its last value, at its first position.
/// - Nesting deeper than `maximumDepth` arrays/objects is an error rather than a
///   stack overflow.
struct JSONParser {
    /// Nesting allowed by default: far beyond any real message, far below the stack's limit.
    static let defaultMaximumDepth = 512

    private let bytes: UnsafeBufferPointer<UInt8>
    private let maximumDepth: Int
    /// The offset of the next byte to read.
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, maximumDepth: Int = defaultMaximumDepth) {
        self.bytes = bytes
        self.maximumDepth = maximumDepth
    }

    /// Parses the whole input as one value surrounded by optional whitespace.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue(depth: 0)
        skipWhitespace()
        if position < bytes.count { throw error(.trailingCharacters) }
        return value
    }

    // MARK: Values

    /// Parses the value at `position`, `depth` containers deep.
    mutating func parseValue(depth: Int) throws(JSONParseError) -> JSONValue {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[position] {
        case ASCII.quote: return .string(try parseString())
        case ASCII.openBrace: return try parseObject(depth: depth + 1)
        case ASCII.openBracket: return try parseArray(depth: depth + 1)
        case ASCII.minus, ASCII.zero...ASCII.nine: return .number(try parseNumber())
        case ASCII.t:
            try expectLiteral("true")
            return .bool(true)
        case ASCII.f:
            try expectLiteral("false")
            return .bool(false)
        case ASCII.n:
            try expectLiteral("null")
            return .null
        case let byte: throw error(.unexpectedByte(byte))
        }
    }

    private mutating func parseObject(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maximumDepth { throw error(.nestingTooDeep(limit: maximumDepth)) }
        position += 1  // {
        var object = JSONObject()
        skipWhitespace()
        if try peek() == ASCII.closeBrace {
            position += 1
            return .object(object)
        }
        while true {
            guard try peek() == ASCII.quote else { throw unexpectedHere() }
            let key = try parseString()
            skipWhitespace()
            guard try peek() == ASCII.colon else { throw unexpectedHere() }
            position += 1
            skipWhitespace()
            object[key] = try parseValue(depth: depth)
            skipWhitespace()
            switch try peek() {
            case ASCII.comma:
                position += 1
                skipWhitespace()
            case ASCII.closeBrace:
                position += 1
                return .object(object)
            default:
                throw unexpectedHere()
            }
        }
    }

    private mutating func parseArray(depth: Int) throws(JSONParseError) -> JSONValue {
        if depth > maximumDepth { throw error(.nestingTooDeep(limit: maximumDepth)) }
        position += 1  // [
        var elements: [JSONValue] = []
        skipWhitespace()
        if try peek() == ASCII.closeBracket {
            position += 1
            return .array(elements)
        }
        while true {
            elements.append(try parseValue(depth: depth))
            skipWhitespace()
            switch try peek() {
            case ASCII.comma:
                position += 1
                skipWhitespace()
            case ASCII.closeBracket:
                position += 1
                return .array(elements)
            default:
                throw unexpectedHere()
            }
        }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for index in 0..<count {
            guard position < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[position] == expected[index] else { throw unexpectedHere() }
            position += 1
        }
    }

    // MARK: Numbers

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, returned as written.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = position
        if bytes[position] == ASCII.minus { position += 1 }
        guard position < bytes.count, ASCII.isDigit(bytes[position]) else { throw error(.invalidNumber) }
        if bytes[position] == ASCII.zero {
            position += 1
        } else {
            skipDigits()
        }
        if position < bytes.count, bytes[position] == ASCII.dot {
            position += 1
            guard position < bytes.count, ASCII.isDigit(bytes[position]) else { throw error(.invalidNumber) }
            skipDigits()
        }
        if position < bytes.count, bytes[position] | 0x20 == ASCII.e {
            position += 1
            if position < bytes.count, bytes[position] == ASCII.plus || bytes[position] == ASCII.minus { position += 1 }
            guard position < bytes.count, ASCII.isDigit(bytes[position]) else { throw error(.invalidNumber) }
            skipDigits()
        }
        // A digit straight after a leading zero ("01") is not a number continuing.
        if position < bytes.count, ASCII.isDigit(bytes[position]) { throw error(.invalidNumber) }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    }

    private mutating func skipDigits() {
        while position < bytes.count, ASCII.isDigit(bytes[position]) { position += 1 }
    }

    // MARK: Strings

    /// Parses the string starting at the opening quote under `position`.
    mutating func parseString() throws(JSONParseError) -> String {
        let opening = position
        let start = position + 1
        var index = start
        var asciiOnly = true
        // Fast path: no escapes, so the text is the bytes themselves.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == ASCII.quote {
                position = index + 1
                let raw = UnsafeBufferPointer(rebasing: bytes[start..<index])
                if asciiOnly { return String(decoding: raw, as: UTF8.self) }
                return try validatedString(raw, startingAt: start)
            }
            if byte == ASCII.backslash { break }
            if byte < 0x20 { throw error(.controlCharacterInString, at: index) }
            if byte >= 0x80 { asciiOnly = false }
            index += 1
        }
        guard index < bytes.count else { throw error(.unexpectedEnd, at: opening) }

        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(index - start + 16)
        unescaped.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case ASCII.quote:
                position = index + 1
                // Escapes always decode to valid UTF-8, so only copied raw bytes can fail.
                guard let text = String(validating: unescaped, as: UTF8.self) else {
                    throw error(.invalidUTF8, at: start)
                }
                return text
            case ASCII.backslash:
                index = try appendEscape(at: index, to: &unescaped)
            case 0..<0x20:
                throw error(.controlCharacterInString, at: index)
            default:
                unescaped.append(byte)
                index += 1
            }
        }
        throw error(.unexpectedEnd, at: opening)
    }

    private func validatedString(_ raw: UnsafeBufferPointer<UInt8>, startingAt start: Int) throws(JSONParseError) -> String {
        guard let text = String(validating: raw, as: UTF8.self) else {
            // Point at the first byte of the first ill-formed sequence.
            var offset = start
            var iterator = raw.makeIterator()
            var decoder = UTF8()
            var consumed = 0
            loop: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar):
                    consumed += UTF8.width(scalar)
                case .emptyInput:
                    break loop
                case .error:
                    offset = start + consumed
                    break loop
                }
            }
            throw error(.invalidUTF8, at: offset)
        }
        return text
    }

    /// Appends the character escaped at `index` (a backslash) and returns the index after the escape.
    private func appendEscape(at index: Int, to output: inout [UInt8]) throws(JSONParseError) -> Int {
        guard index + 1 < bytes.count else { throw error(.unexpectedEnd, at: index) }
        switch bytes[index + 1] {
        case ASCII.quote: output.append(ASCII.quote)
        case ASCII.backslash: output.append(ASCII.backslash)
        case ASCII.slash: output.append(ASCII.slash)
        case ASCII.b: output.append(0x08)
        case ASCII.f: output.append(0x0C)
        case ASCII.n: output.append(0x0A)
        case ASCII.r: output.append(0x0D)
        case ASCII.t: output.append(0x09)
        case ASCII.u:
            let first = try hexQuad(at: index + 2)
            var next = index + 6
            var scalar = Unicode.Scalar(first)
            if (0xD800..<0xDC00).contains(first),
                next + 1 < bytes.count, bytes[next] == ASCII.backslash, bytes[next + 1] == ASCII.u
            {
                let second = try hexQuad(at: next + 2)
                if (0xDC00..<0xE000).contains(second) {
                    scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
                    next += 6
                }
            }
            // A lone surrogate has no scalar: U+FFFD stands in for it.
            UTF8.encode(scalar ?? "\u{FFFD}") { output.append($0) }
            return next
        default:
            throw error(.invalidEscape, at: index)
        }
        return index + 2
    }

    private func hexQuad(at index: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for offset in index..<(index + 4) {
            guard offset < bytes.count else { throw error(.unexpectedEnd, at: index - 2) }
            guard let digit = ASCII.hexValue(bytes[offset]) else { throw error(.invalidUnicodeEscape, at: index - 2) }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    // MARK: Helpers

    private mutating func skipWhitespace() {
        while position < bytes.count, ASCII.isWhitespace(bytes[position]) { position += 1 }
    }

    private func peek() throws(JSONParseError) -> UInt8 {
        guard position < bytes.count else { throw error(.unexpectedEnd) }
        return bytes[position]
    }

    private func unexpectedHere() -> JSONParseError {
        position < bytes.count ? error(.unexpectedByte(bytes[position])) : error(.unexpectedEnd)
    }

    private func error(_ reason: JSONParseError.Reason, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(reason, at: offset ?? position, in: bytes)
    }
}

/// Byte constants and classes for JSON scanning.
enum ASCII {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let slash: UInt8 = 0x2F
    static let zero: UInt8 = 0x30
    static let nine: UInt8 = 0x39
    static let colon: UInt8 = 0x3A
    static let openBracket: UInt8 = 0x5B
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D
    static let b: UInt8 = 0x62
    static let e: UInt8 = 0x65
    static let f: UInt8 = 0x66
    static let n: UInt8 = 0x6E
    static let r: UInt8 = 0x72
    static let t: UInt8 = 0x74
    static let u: UInt8 = 0x75
    static let openBrace: UInt8 = 0x7B
    static let closeBrace: UInt8 = 0x7D

    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- zero < 10 }

    @inline(__always) static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == lineFeed || byte == carriageReturn || byte == tab
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 0x30...0x39: byte - 0x30
        case 0x41...0x46: byte - 0x41 + 10
        case 0x61...0x66: byte - 0x61 + 10
        default: nil
        }
    }
}
