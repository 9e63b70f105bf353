/// One message from a ``MessageReader``: a RECORD as views of its line, or any
/// other message fully decoded.
///
/// `line` and a record's `data` and `meta` are ``ScannedBytes``: views into
/// the reader's buffer that keep it alive, valid however long they are kept.
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
    public let line: ScannedBytes
    /// The 1-based line number.
    public let lineNumber: Int
}

/// A RECORD read by the scanner: its routing fields decoded, its `data` and
/// `meta` left as JSON text in the reader's buffer (``ScannedBytes``, no copy).
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
    /// The JSON text of `record.data`, from `{` to `}`.
    public let data: ScannedBytes
    /// The JSON text of `record.meta` (an object), if present and not `null`.
    public let meta: ScannedBytes?
    /// Whether `data` holds a *long number*: one with a fraction or an exponent
    /// and 16 or more mantissa digits, or an exponent of 3 or more digits
    /// (`12345678901234567890.5`, `1e-400`). A double-based JSON parser may
    /// change such a number (a double holds about 15–17 significant digits),
    /// so a loader that parses with doubles takes these records' numbers from
    /// their text. Integers of any length are never long numbers.
    public let hasLongNumbers: Bool

    /// A record made by hand (a reader makes them from its input).
    public init(
        stream: String, namespace: String?, emittedAt: Int64, data: ScannedBytes, meta: ScannedBytes?,
        hasLongNumbers: Bool = false
    ) {
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
        guard case .object(let object) = try data.withUnsafeBytes({ (bytes) throws(JSONParseError) in try JSONValue(parsing: bytes) })
        else {
            preconditionFailure("the scanner only accepts an object as record data")
        }
        return object
    }

    /// Parses and decodes `meta`, if present.
    ///
    /// - Throws: ``JSONParseError`` or ``AirbyteDecodingError``.
    public func decodeMeta() throws -> AirbyteRecordMessage.Meta? {
        guard let meta else { return nil }
        return try AirbyteRecordMessage.Meta(json: meta.withUnsafeBytes { (bytes) throws(JSONParseError) in try JSONValue(parsing: bytes) })
    }
}
