#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where and why a scan stopped. Carries no allocation so the hot path stays cheap;
/// the reader turns it into a ``MessageReaderError`` with a strict re-parse.
struct ScanFailure: Error {
    var offset: Int
    var reason: StaticString
}

/// A string's bytes between its quotes, escapes left as written.
struct StringSpan {
    var start: Int
    var end: Int
    var hasEscapes: Bool
}

/// The fields of a RECORD line, as offsets into the line.
struct RecordFields {
    var stream: StringSpan?
    var namespace: StringSpan?
    var emittedAt: Int64?
    var data: Range<Int>?
    var meta: Range<Int>?
    /// Whether `data` holds a number a double may not hold exactly (see ``LineScanner/skipContainer(findingLongNumbers:)``).
    var dataHasLongNumbers = false
}

/// What the envelope scan found.
enum EnvelopeScan {
    /// A RECORD with all its required fields.
    case record(RecordFields)
    /// Some other message (or no string `type`): parse it fully.
    case notRecord
}

/// A byte-level scanner over one message line.
///
/// It walks the envelope and the `record` object key by key, reads the few
/// fields the hot path needs, and skips every other value structurally: strings
/// must terminate (escape-aware), brackets must balance and match in kind, and
/// nesting stops at ``maximumDepth``. Scalars outside `data` and `meta` are
/// checked by the strict parser. What it does not check inside skipped
/// containers: commas, colons, number and literal spelling, escapes, control
/// characters and UTF-8 in strings.
struct LineScanner {
    static let maximumDepth = JSONParser.defaultMaximumDepth

    let bytes: UnsafeBufferPointer<UInt8>
    private let base: UnsafePointer<UInt8>
    private let end: Int
    var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A non-empty line always has a base address; the empty one never reaches a load.
        self.base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
        self.end = bytes.count
    }

    // MARK: Envelope and record

    /// Scans the line as an Airbyte message envelope.
    mutating func scanEnvelope() throws(ScanFailure) -> EnvelopeScan {
        skipWhitespace()
        try expect(ASCII.openBrace, "a message must be a JSON object")
        var isRecord = false
        var record: RecordFields?
        try scanMembers { (scanner, key) throws(ScanFailure) -> Bool in
            if scanner.matches(key, "type") {
                guard scanner.peek() == ASCII.quote else { return false }
                let type = try scanner.scanString()
                isRecord = scanner.matches(type, "RECORD")
                return isRecord
            } else if scanner.matches(key, "record") {
                record = try scanner.scanRecord()
            } else {
                try scanner.skipValue()
            }
            return true
        }
        guard isRecord else { return .notRecord }
        skipWhitespace()
        guard position == end else { throw ScanFailure(offset: position, reason: "characters after the message object") }
        guard let record, record.stream != nil, record.data != nil, record.emittedAt != nil else {
            throw ScanFailure(offset: 0, reason: "a RECORD needs record.stream, record.data and record.emitted_at")
        }
        return .record(record)
    }

    private mutating func scanRecord() throws(ScanFailure) -> RecordFields {
        try expect(ASCII.openBrace, "record must be an object")
        var fields = RecordFields()
        try scanMembers { (scanner, key) throws(ScanFailure) -> Bool in
            switch key.end - key.start {
            case 4 where scanner.matches(key, "data"):
                guard scanner.peek() == ASCII.openBrace else {
                    throw ScanFailure(offset: scanner.position, reason: "record.data must be an object")
                }
                let start = scanner.position
                fields.dataHasLongNumbers = try scanner.skipContainer(findingLongNumbers: true)
                fields.data = start..<scanner.position
            case 4 where scanner.matches(key, "meta"):
                if try scanner.skipNull() {
                    fields.meta = nil
                } else {
                    guard scanner.peek() == ASCII.openBrace else {
                        throw ScanFailure(offset: scanner.position, reason: "record.meta must be an object")
                    }
                    let start = scanner.position
                    try scanner.skipContainer()
                    fields.meta = start..<scanner.position
                }
            case 6 where scanner.matches(key, "stream"):
                guard scanner.peek() == ASCII.quote else {
                    throw ScanFailure(offset: scanner.position, reason: "record.stream must be a string")
                }
                fields.stream = try scanner.scanString()
            case 9 where scanner.matches(key, "namespace"):
                if try scanner.skipNull() {
                    fields.namespace = nil
                } else {
                    guard scanner.peek() == ASCII.quote else {
                        throw ScanFailure(offset: scanner.position, reason: "record.namespace must be a string")
                    }
                    fields.namespace = try scanner.scanString()
                }
            case 10 where scanner.matches(key, "emitted_at"):
                fields.emittedAt = try scanner.scanEpochMilliseconds()
            default:
                try scanner.skipValue()
            }
            return true
        }
        return fields
    }

    /// Walks `{ "key": value, … }` from just after the opening brace to just after
    /// the closing one. `body` is called with the scanner on the value; it must
    /// consume the value and may return `false` to stop early.
    mutating func scanMembers(
        _ body: (inout LineScanner, StringSpan) throws(ScanFailure) -> Bool
    ) throws(ScanFailure) {
        skipWhitespace()
        if peek() == ASCII.closeBrace {
            position += 1
            return
        }
        while true {
            guard peek() == ASCII.quote else { throw ScanFailure(offset: position, reason: "expected a quoted key") }
            let key = try scanString()
            skipWhitespace()
            try expect(ASCII.colon, "expected ':' after a key")
            skipWhitespace()
            guard try body(&self, key) else { return }
            skipWhitespace()
            guard position < end else { throw ScanFailure(offset: position, reason: "unterminated object") }
            let byte = base[position]
            position += 1
            if byte == ASCII.closeBrace { return }
            guard byte == ASCII.comma else { throw ScanFailure(offset: position - 1, reason: "expected ',' or '}'") }
            skipWhitespace()
        }
    }

    /// An integer number of milliseconds; float notation (`1.7e12`) is accepted and truncated.
    private mutating func scanEpochMilliseconds() throws(ScanFailure) -> Int64 {
        let start = position
        var negative = false
        if position < end, base[position] == ASCII.minus {
            negative = true
            position += 1
        }
        var value: Int64 = 0
        var digits = 0
        while position < end, ASCII.isDigit(base[position]) {
            value = value &* 10 &+ Int64(base[position] &- ASCII.zero)
            position += 1
            digits += 1
        }
        let next = position < end ? base[position] : ASCII.space
        let isPlainInteger =
            digits > 0 && digits <= 18 && next != ASCII.dot && next | 0x20 != ASCII.e
            && !(digits > 1 && base[start + (negative ? 1 : 0)] == ASCII.zero)
        if isPlainInteger { return negative ? -value : value }
        // Anything else goes through the strict parser and the decoder's rules.
        position = start
        var parser = JSONParser(bytes)
        parser.position = start
        guard case .number(let text)? = try? parser.parseValue(depth: 0),
            let milliseconds = try? EpochMilliseconds(json: .number(text))
        else {
            throw ScanFailure(offset: start, reason: "record.emitted_at must be an integer")
        }
        position = parser.position
        return milliseconds.value
    }

    // MARK: Values

    /// Skips any value: containers structurally, scalars by the strict grammar.
    mutating func skipValue() throws(ScanFailure) {
        guard position < end else { throw ScanFailure(offset: position, reason: "expected a value") }
        switch base[position] {
        case ASCII.quote:
            _ = try scanString()
        case ASCII.openBrace, ASCII.openBracket:
            try skipContainer()
        default:
            var parser = JSONParser(bytes)
            parser.position = position
            do {
                _ = try parser.parseValue(depth: 0)
            } catch {
                throw ScanFailure(offset: error.offset, reason: "invalid value")
            }
            position = parser.position
        }
    }

    /// Consumes `null` if it is next.
    private mutating func skipNull() throws(ScanFailure) -> Bool {
        guard peek() == ASCII.n else { return false }
        guard position + 4 <= end, base[position + 1] == ASCII.u, base[position + 2] == 0x6C, base[position + 3] == 0x6C else {
            throw ScanFailure(offset: position, reason: "invalid literal")
        }
        position += 4
        return true
    }

    /// Skips the object or array at `position` by its structure: strings end,
    /// brackets match in kind, nesting stays within ``maximumDepth``.
    mutating func skipContainer() throws(ScanFailure) {
        _ = try skipContainer(findingLongNumbers: false)
    }

    /// Skips the object or array at `position` like ``skipContainer()``; with
    /// `findingLongNumbers`, also returns whether it holds a *long number*: a
    /// number with a fraction or an exponent (which parsers read as a double)
    /// and 16 or more mantissa digits, or an exponent of 3 or more digits. A
    /// double holds every shorter one exactly (15 significant digits, no
    /// underflow); a long one may come out of a double-based JSON parser
    /// changed. Integers of any length are not long numbers: parsers keep them
    /// exact (64-bit, or as text beyond). Digits are counted outside strings only.
    @inline(__always)
    mutating func skipContainer(findingLongNumbers: Bool) throws(ScanFailure) -> Bool {
        let start = position
        // Bit n of `kinds` is 1 when open container n is an object; deeper levels spill to `deepKinds`.
        var kinds: UInt64 = 0
        var deepKinds: [Bool] = []
        var depth = 0
        // The current number token: its digits, whether it has a fraction or exponent,
        // and how many digits came before the exponent (all of them while there is none).
        var digits = 0
        var isFloat = false
        var mantissaDigits = Int.max
        var found = false
        while position < end {
            let byte = base[position]
            if byte == ASCII.quote {
                position += 1
                _ = try skipStringBody(openedAt: position - 1)
                continue
            }
            position += 1
            if findingLongNumbers {
                if ASCII.isDigit(byte) {
                    digits &+= 1
                    // The rest of a run of digits, eight at a time (most of a numeric record's bytes).
                    while position &+ 8 <= end {
                        let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                        guard Self.isEightDigits(word) else { break }
                        digits &+= 8
                        position &+= 8
                    }
                    continue
                }
                if byte == ASCII.dot {
                    isFloat = true
                    continue
                }
                if byte | 0x20 == ASCII.e {
                    // Also the `e` of `true` and `false`, which have no digits to count.
                    isFloat = true
                    mantissaDigits = digits
                    continue
                }
                if byte == ASCII.minus || byte == ASCII.plus { continue }
                // Any other byte ends a token.
                if isFloat {
                    let mantissa = min(digits, mantissaDigits)
                    if mantissa >= 16 || digits - mantissa >= 3 { found = true }
                    isFloat = false
                    mantissaDigits = .max
                }
                digits = 0
            }
            if byte | 0x20 == ASCII.openBrace {  // `{` or `[`
                let isObject = byte == ASCII.openBrace
                if depth < 64 {
                    if isObject { kinds |= 1 << UInt64(depth) } else { kinds &= ~(1 << UInt64(depth)) }
                } else {
                    guard depth < Self.maximumDepth else {
                        throw ScanFailure(offset: position - 1, reason: "nested deeper than 512 levels")
                    }
                    deepKinds.append(isObject)
                }
                depth += 1
            } else if byte | 0x20 == ASCII.closeBrace {  // `}` or `]`
                guard depth > 0 else { throw ScanFailure(offset: position - 1, reason: "unbalanced bracket") }
                depth -= 1
                let openedObject = depth < 64 ? kinds & (1 << UInt64(depth)) != 0 : deepKinds.removeLast()
                guard openedObject == (byte == ASCII.closeBrace) else {
                    throw ScanFailure(offset: position - 1, reason: "mismatched bracket")
                }
                if depth == 0 { return found }
            }
        }
        throw ScanFailure(offset: start, reason: "unterminated object or array")
    }

    /// Whether all eight bytes of `word` are ASCII digits: each high nibble is 3, and
    /// adding 6 to each low nibble carries out of none (a carry turns a 3 into a 4).
    @inline(__always)
    static func isEightDigits(_ word: UInt64) -> Bool {
        let highNibbles: UInt64 = 0xF0F0_F0F0_F0F0_F0F0
        let threes: UInt64 = 0x3030_3030_3030_3030
        return word & highNibbles == threes && (word &+ 0x0606_0606_0606_0606) & highNibbles == threes
    }

    /// Scans the string whose opening quote is at `position`.
    mutating func scanString() throws(ScanFailure) -> StringSpan {
        let opening = position
        position += 1
        let hasEscapes = try skipStringBody(openedAt: opening)
        return StringSpan(start: opening + 1, end: position - 1, hasEscapes: hasEscapes)
    }

    /// Moves past the closing quote of a string whose body starts at `position`;
    /// returns whether it holds escapes. Eight bytes at a time while no quote or
    /// backslash is among them.
    @inline(__always)
    private mutating func skipStringBody(openedAt opening: Int) throws(ScanFailure) -> Bool {
        var hasEscapes = false
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while true {
            while position &+ 8 <= end {
                let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
                let quotes = word ^ (ones &* UInt64(ASCII.quote))
                let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
                let found = ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes) & highs
                if found != 0 {
                    position &+= found.trailingZeroBitCount >> 3
                    break
                }
                position &+= 8
            }
            guard position < end else { throw ScanFailure(offset: opening, reason: "unterminated string") }
            let byte = base[position]
            if byte == ASCII.quote {
                position += 1
                return hasEscapes
            }
            if byte == ASCII.backslash {
                hasEscapes = true
                position += 2
            } else {
                position += 1
            }
        }
    }

    // MARK: Strings

    /// Whether the key or string `span` reads `literal` (escapes decoded).
    func matches(_ span: StringSpan, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        if !span.hasEscapes {
            return span.end - span.start == count && memcmp(base + span.start, literal.utf8Start, count) == 0
        }
        guard let decoded = try? decode(span) else { return false }
        return decoded.utf8.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: count))
    }

    /// The text of `span`, escapes decoded and UTF-8 checked.
    func decode(_ span: StringSpan) throws(JSONParseError) -> String {
        var parser = JSONParser(bytes)
        parser.position = span.start - 1
        return try parser.parseString()
    }

    // MARK: Helpers

    @inline(__always)
    mutating func skipWhitespace() {
        while position < end, ASCII.isWhitespace(base[position]) { position += 1 }
    }

    @inline(__always)
    func peek() -> UInt8? {
        position < end ? base[position] : nil
    }

    @inline(__always)
    private mutating func expect(_ byte: UInt8, _ reason: StaticString) throws(ScanFailure) {
        guard position < end, base[position] == byte else { throw ScanFailure(offset: position, reason: reason) }
        position += 1
    }
}
