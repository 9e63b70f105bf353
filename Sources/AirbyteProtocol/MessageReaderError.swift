/// A line of the message stream that is not a valid Airbyte message, or a failed read.
///
/// `lineNumber` is 1-based and counts every line, blank ones included, so it
/// matches `sed -n 'Np'` on the input. `excerpt` is at most
/// ``maximumExcerptLength`` characters of the line around the problem, with
/// control characters shown as spaces.
public struct MessageReaderError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The line is not valid JSON (offsets in the error are within the line).
        case invalidJSON(JSONParseError)
        /// The line is JSON but not a valid message: a missing or mistyped field.
        case invalidMessage(AirbyteDecodingError)
        /// A RECORD line whose structure the scanner rejected (unbalanced brackets,
        /// an unterminated string, nesting beyond 512 levels) where the strict parser
        /// found nothing more precise.
        case malformedRecord(String)
        /// Reading the input failed with this `errno`.
        case readFailed(errno: Int32)
    }

    /// The longest excerpt an error carries, in characters.
    public static let maximumExcerptLength = 200

    /// What went wrong.
    public let reason: Reason
    /// The 1-based line number.
    public let lineNumber: Int
    /// The 1-based byte column of the problem in the line, when known.
    public let column: Int?
    /// Up to ``maximumExcerptLength`` characters of the line around the problem.
    public let excerpt: String

    init(_ reason: Reason, lineNumber: Int, offset: Int?, line: UnsafeBufferPointer<UInt8>) {
        self.reason = reason
        self.lineNumber = lineNumber
        self.column = offset.map { $0 + 1 }
        if let offset {
            excerpt = Excerpt.around(offset, in: line, maximumLength: Self.maximumExcerptLength)
        } else {
            excerpt = Excerpt.prefix(of: line, maximumLength: Self.maximumExcerptLength)
        }
    }

    init(readFailedWith errno: Int32, lineNumber: Int) {
        reason = .readFailed(errno: errno)
        self.lineNumber = lineNumber
        column = nil
        excerpt = ""
    }

    /// A message for logs and users.
    public var description: String {
        let location = column.map { "line \(lineNumber), column \($0)" } ?? "line \(lineNumber)"
        switch reason {
        case .invalidJSON(let error): return "\(location): invalid JSON: \(error.reason) near \"\(excerpt)\""
        case .invalidMessage(let error): return "\(location): invalid message: \(error) in \"\(excerpt)\""
        case .malformedRecord(let why): return "\(location): malformed RECORD: \(why) near \"\(excerpt)\""
        case .readFailed(let errno): return "reading input after line \(lineNumber - 1) failed (errno \(errno))"
        }
    }
}
