extension JSONValue {
    /// Parses one JSON value from UTF-8 bytes, strictly as RFC 8259 defines it.
    ///
    /// - Numbers keep their exact text (`1e400`, a 30-digit decimal); only the
    ///   grammar is checked.
    /// - Strings must be valid UTF-8 with control characters escaped; every escape
    ///   is decoded, `\u` surrogate pairs included. A `\u` escape naming a lone
    ///   surrogate becomes U+FFFD (Python's `json` can emit one; `String` cannot hold it).
    /// - A repeated object key keeps its last value, at its first position.
    /// - Arrays and objects may nest `maximumDepth` levels (512 by default).
    /// - Whitespace may surround the value; anything else after it is an error.
    ///
    /// - Throws: ``JSONParseError`` with the byte offset, line, column and an excerpt.
    public init(parsing bytes: some Collection<UInt8>, maximumDepth: Int = 512) throws(JSONParseError) {
        let result =
            bytes.withContiguousStorageIfAvailable { buffer in
                Self.parseResult(buffer, maximumDepth: maximumDepth)
            }
            ?? Array(bytes).withUnsafeBufferPointer { buffer in
                Self.parseResult(buffer, maximumDepth: maximumDepth)
            }
        self = try result.get()
    }

    /// Parses one JSON value from the UTF-8 bytes in `buffer`, by the rules of the collection form of `init(parsing:maximumDepth:)`.
    public init(parsing buffer: UnsafeRawBufferPointer, maximumDepth: Int = 512) throws(JSONParseError) {
        self = try Self.parseResult(buffer.assumingMemoryBound(to: UInt8.self), maximumDepth: maximumDepth).get()
    }

    /// Parses one JSON value from `text`, by the rules of the collection form of `init(parsing:maximumDepth:)`.
    public init(parsing text: String, maximumDepth: Int = 512) throws(JSONParseError) {
        var text = text
        self = try text.withUTF8 { Self.parseResult($0, maximumDepth: maximumDepth) }.get()
    }

    static func parseResult(_ buffer: UnsafeBufferPointer<UInt8>, maximumDepth: Int) -> Result<JSONValue, JSONParseError> {
        var parser = JSONParser(buffer, maximumDepth: maximumDepth)
        do throws(JSONParseError) {
            return .success(try parser.parseDocument())
        } catch {
            return .failure(error)
        }
    }
}
