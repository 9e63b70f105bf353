/// Why a JSON text could not be parsed, and where.
///
/// `offset` is the 0-based byte offset of the offending byte in the input;
/// `line` and `column` (both 1-based, column counted in bytes) locate it in
/// multi-line documents such as a config file. `excerpt` is at most
/// ``JSONParseError/maximumExcerptLength`` characters of the input around the
/// offset, with control characters shown as spaces, so it is safe to log.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue a value here.
        case unexpectedByte(UInt8)
        /// A number that does not follow RFC 8259 (`01`, `1.`, `-`, `1e`, `+1`, …).
        case invalidNumber
        /// A backslash followed by something other than `"\/bfnrtu`.
        case invalidEscape
        /// `\u` not followed by four hexadecimal digits.
        case invalidUnicodeEscape
        /// A raw control character (U+0000–U+001F) inside a string; it must be escaped.
        case controlCharacterInString
        /// A string whose bytes are not valid UTF-8.
        case invalidUTF8
        /// Arrays and objects nested deeper than the limit.
        case nestingTooDeep(limit: Int)
        /// Something other than whitespace after the complete value.
        case trailingCharacters
    }

    /// The longest excerpt an error carries, in characters.
    public static let maximumExcerptLength = 120

    /// What went wrong.
    public let reason: Reason
    /// 0-based byte offset of the problem in the input.
    public let offset: Int
    /// 1-based line of the problem.
    public let line: Int
    /// 1-based byte column of the problem within its line.
    public let column: Int
    /// Up to ``maximumExcerptLength`` characters of the input around the problem.
    public let excerpt: String

    init(_ reason: Reason, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        self.reason = reason
        self.offset = offset
        var line = 1
        var lineStart = 0
        let end = min(offset, bytes.count)
        for index in 0..<end where bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        self.line = line
        self.column = offset - lineStart + 1
        self.excerpt = Excerpt.around(offset, in: bytes, maximumLength: Self.maximumExcerptLength)
    }

    /// A message for logs and users.
    public var description: String {
        "invalid JSON at line \(line), column \(column) (byte \(offset)): \(reason.description) near \"\(excerpt)\""
    }
}

extension JSONParseError.Reason: CustomStringConvertible {
    /// A message for logs and users.
    public var description: String {
        switch self {
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedByte(let byte): "unexpected \(Excerpt.describe(byte))"
        case .invalidNumber: "invalid number"
        case .invalidEscape: "invalid escape sequence in string"
        case .invalidUnicodeEscape: "\\u must be followed by four hexadecimal digits"
        case .controlCharacterInString: "unescaped control character in string"
        case .invalidUTF8: "string is not valid UTF-8"
        case .nestingTooDeep(let limit): "arrays and objects nested deeper than \(limit) levels"
        case .trailingCharacters: "unexpected characters after the JSON value"
        }
    }
}
