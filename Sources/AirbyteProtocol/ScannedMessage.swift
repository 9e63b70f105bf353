/// One message from a ``MessageReader``: a RECORD as spans of its line, or any
/// other message fully decoded.
///
/// - Important: `line` and a record's `data` and `meta` point into the reader's
///   buffer and are valid only until the next call to ``MessageReader/next()``.
///   Copy what you keep (`Array(message.line)`).
public struct ScannedMessage {
    /// The message: a scanned record or a decoded message.
    public enum Content {
        /// A RECORD, scanned without decoding its data.
        case record(ScannedRecord)
        /// Every other type (STATE, LOG, TRACE, … and types this library does not know).
        case message(AirbyteMessage)
    }

    /// The message.
    public let content: Content
    /// The bytes of the line, without its line ending.
    public let line: UnsafeRawBufferPointer
    /// The 1-based line number.
    public let lineNumber: Int
}

/// A RECORD read by the scanner: its routing fields decoded, its `data` and
/// `meta` left as JSON text in the reader's buffer.
///
/// `data` is known to be an object whose strings terminate and whose brackets
/// balance; the scanner does not check the grammar between its tokens, number
/// spellings or string contents (control characters, escapes, UTF-8). Parse it
/// with a JSON parser (DuckDB's, or ``decodeData()``) to fully validate it.
public struct ScannedRecord {
    /// The stream's name, escapes decoded.
    public let stream: String
    /// The stream's namespace; `nil` when absent or `null`.
    public let namespace: String?
    /// When the source emitted the record, in milliseconds since the Unix epoch.
    public let emittedAt: Int64
    /// The JSON text of `record.data`, from `{` to `}`. Valid until the reader's next call.
    public let data: UnsafeRawBufferPointer
    /// The JSON text of `record.meta` (an object), if present and not `null`. Valid until the reader's next call.
    public let meta: UnsafeRawBufferPointer?
    /// Whether `data` holds a *long number*: one with a fraction or an exponent
    /// and 16 or more mantissa digits, or an exponent of 3 or more digits
    /// (`12345678901234567890.5`, `1e-400`). A double-based JSON parser may
    /// change such a number (a double holds about 15–17 significant digits),
    /// so a loader that parses with doubles takes these records' numbers from
    /// their text. Integers of any length are never long numbers.
    public let hasLongNumbers: Bool

    init(stream: String, namespace: String?, emittedAt: Int64, data: UnsafeRawBufferPointer,
         meta: UnsafeRawBufferPointer?, hasLongNumbers: Bool = false) {
        self.stream = stream
        self.namespace = namespace
        self.emittedAt = emittedAt
        self.data = data
        self.meta = meta
        self.hasLongNumbers = hasLongNumbers
    }

    /// The stream's descriptor.
    public var streamDescriptor: StreamDescriptor { StreamDescriptor(name: stream, namespace: namespace) }

    /// Parses `data` strictly.
    public func decodeData() throws(JSONParseError) -> JSONObject {
        guard case .object(let object) = try JSONValue(parsing: data) else {
            preconditionFailure("the scanner only accepts an object as record data")
        }
        return object
    }

    /// Parses and decodes `meta`, if present.
    ///
    /// - Throws: ``JSONParseError`` or ``AirbyteDecodingError``.
    public func decodeMeta() throws -> AirbyteRecordMessage.Meta? {
        guard let meta else { return nil }
        return try AirbyteRecordMessage.Meta(json: JSONValue(parsing: meta))
    }
}
