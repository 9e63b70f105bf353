#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads Airbyte messages, one per line, from a file descriptor (stdin, or a
/// pipe from a source process) or from bytes in memory, without building a
/// JSON value for each record.
///
/// ```swift
/// let reader = MessageReader(fileDescriptor: STDIN_FILENO)
/// while let message = try reader.next() {
///     switch message.content {
///     case .record(let record): load(record.stream, record.data)   // ScannedBytes: kept alive while held
///     case .message(let other): handle(other, line: message.line)
///     }
/// }
/// ```
///
/// Lines end with LF or CRLF; the last may have no line ending; blank lines are
/// skipped (but counted). The reader reads in blocks and grows its buffer to
/// hold a line of any size.
///
/// What is validated:
/// - every line is one JSON object with `"key": value` members, nothing after it;
/// - a non-RECORD line is parsed strictly (RFC 8259) and decoded into an
///   ``AirbyteMessage``, its payload's required fields checked;
/// - a RECORD line: the envelope and `record` keys, `type`, `stream` and
///   `namespace` strings (escapes decoded, UTF-8 checked), `emitted_at` (an
///   integer, or a float that is truncated) and every scalar outside `data`
///   and `meta` strictly; `data` must be an object and `meta` an object or
///   `null`, and these, like any other object or array value, are checked only
///   structurally: strings terminate, brackets balance and match in kind,
///   nesting stays within 512 levels. The grammar inside them (separators,
///   number and literal spelling, string escapes, control characters, UTF-8) is
///   left to whoever parses `data` (DuckDB's JSON reader on the load path).
///
/// The reader does not own or close the file descriptor.
public final class MessageReader {
    /// The default size of a read: 1 MiB.
    public static let defaultBlockSize = 1 << 20

    private enum Input {
        case fileDescriptor(Int32)
        case bytes([UInt8], offset: Int)
    }

    private var input: Input
    private let blockSize: Int
    /// The block read into; shared with the ``ScannedBytes`` handed out.
    private var storage: ReaderStorage
    /// `storage.pointer`, and its capacity.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes `start..<end` of the buffer are read and not yet returned.
    private var start = 0
    private var end = 0
    /// Where the newline search resumes: bytes `start..<searchFrom` hold no newline.
    private var searchFrom = 0
    /// The end of the next line when ``hasBufferedLine`` found it; -1 otherwise.
    private var foundNewline = -1
    private var reachedEnd = false

    /// The number of the last line read (1-based; 0 before the first).
    public private(set) var lineNumber = 0
    /// The number of bytes read from the input so far.
    public private(set) var bytesRead = 0

    // The last stream and namespace seen, so runs of one stream reuse their strings.
    private var lastStreamBytes: [UInt8] = []
    private var lastStream = ""
    private var lastNamespaceBytes: [UInt8] = []
    private var lastNamespace = ""

    /// A reader of the file descriptor `fileDescriptor`, reading `blockSize` bytes at a time.
    public init(fileDescriptor: Int32, blockSize: Int = MessageReader.defaultBlockSize) {
        input = .fileDescriptor(fileDescriptor)
        self.blockSize = max(blockSize, 1)
        storage = ReaderStorage(capacity: self.blockSize)
        capacity = storage.capacity
        buffer = storage.pointer
    }

    /// A reader of `bytes`, handed over `blockSize` bytes at a time as a file
    /// would be (a small block size makes lines straddle reads, for tests).
    public init(bytes: [UInt8], blockSize: Int = MessageReader.defaultBlockSize) {
        input = .bytes(bytes, offset: 0)
        self.blockSize = max(blockSize, 1)
        storage = ReaderStorage(capacity: self.blockSize)
        capacity = storage.capacity
        buffer = storage.pointer
    }

    /// The next message, or `nil` at the end of the input.
    ///
    /// The message's bytes (``ScannedBytes``) stay valid as long as they are
    /// kept; keeping none lets the reader reuse its buffer in place.
    ///
    /// - Throws: ``MessageReaderError`` naming the line of a malformed message,
    ///   or a failed read. The reader can go on with the next line afterwards.
    public func next() throws(MessageReaderError) -> ScannedMessage? {
        while let (lineStart, lineEnd) = try nextLine() {
            lineNumber += 1
            var contentEnd = lineEnd
            if contentEnd > lineStart, buffer[contentEnd - 1] == ASCII.carriageReturn { contentEnd -= 1 }
            let line = UnsafeBufferPointer(start: buffer + lineStart, count: contentEnd - lineStart)
            if Self.isBlank(line) { continue }
            return try scan(line)
        }
        return nil
    }

    /// Whether a whole line is already buffered, so that ``next()`` returns it
    /// without reading the input (and so without blocking on a pipe).
    ///
    /// A consumer that must act while the input is idle (commit, flush its
    /// output) checks this first and, when it is `false`, waits on the file
    /// descriptor with `poll` before calling ``next()``. The newline it finds
    /// is remembered, so the check costs no second search.
    public var hasBufferedLine: Bool {
        if foundNewline >= 0 { return true }
        if searchFrom < end, let newline = memchr(buffer + searchFrom, Int32(ASCII.lineFeed), end - searchFrom) {
            foundNewline = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
            return true
        }
        searchFrom = end
        return reachedEnd && start < end
    }

    /// Waits up to `timeout` for input to arrive (or end) without reading it:
    /// `true` when ``next()`` can go on without waiting for it, also when the
    /// wait failed (``next()`` then reports why); `false` when the time ran out
    /// or a signal interrupted the wait. Input in memory never waits.
    ///
    /// For a consumer that must act while the input is idle (commit, flush its
    /// output, show progress) and so must not block in ``next()``.
    public func waitForInput(timeout: Duration) -> Bool {
        guard case .fileDescriptor(let descriptor) = input, !reachedEnd, !hasBufferedLine else { return true }
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let result = poll(&request, 1, timeout.pollMilliseconds)
        return result > 0 || (result < 0 && errno != EINTR)
    }

    /// Whether the end of the input has been read: ``next()`` will not read
    /// again, it returns what is buffered and then `nil`.
    public var reachedEndOfInput: Bool { reachedEnd }

    /// Calls `body` with each message in turn until the end of the input.
    ///
    /// - Throws: A ``MessageReaderError``, or what `body` throws.
    public func forEach(_ body: (ScannedMessage) throws -> Void) throws {
        while let message = try next() { try body(message) }
    }

    // MARK: Lines

    /// The next line's bounds in the buffer, without its LF.
    private func nextLine() throws(MessageReaderError) -> (Int, Int)? {
        while true {
            if foundNewline >= 0 {
                let line = (start, foundNewline)
                start = foundNewline + 1
                searchFrom = start
                foundNewline = -1
                return line
            }
            if searchFrom < end, let newline = memchr(buffer + searchFrom, Int32(ASCII.lineFeed), end - searchFrom) {
                let index = buffer.distance(to: newline.assumingMemoryBound(to: UInt8.self))
                let line = (start, index)
                start = index + 1
                searchFrom = start
                return line
            }
            searchFrom = end
            if reachedEnd {
                guard start < end else { return nil }
                let line = (start, end)
                start = end
                return line
            }
            try fill()
        }
    }

    /// Reads more input after the unreturned bytes, moving them to the front and
    /// growing the buffer when a line fills it. Bytes before `start` belong to
    /// messages handed out: they are moved over only when no ``ScannedBytes``
    /// holds the buffer; otherwise the unreturned bytes go to a new buffer.
    private func fill() throws(MessageReaderError) {
        if start > 0 {
            let pending = end - start
            if isKnownUniquelyReferenced(&storage) {
                if pending > 0 { memmove(buffer, buffer + start, pending) }
            } else {
                replaceStorage(capacity: capacity, keepingFrom: start, count: pending)
            }
            end = pending
            searchFrom -= start
            start = 0
        }
        if end == capacity {
            replaceStorage(capacity: capacity * 2, keepingFrom: 0, count: end)
        }
        let room = capacity - end
        switch input {
        case .fileDescriptor(let descriptor):
            while true {
                let count = read(descriptor, buffer + end, room)
                if count > 0 {
                    end += count
                    bytesRead += count
                    return
                }
                if count == 0 {
                    reachedEnd = true
                    return
                }
                let error = errno
                if error != EINTR { throw MessageReaderError(readFailedWith: error, lineNumber: lineNumber + 1) }
            }
        case .bytes(let bytes, let offset):
            let count = min(room, blockSize, bytes.count - offset)
            if count == 0 {
                reachedEnd = true
                return
            }
            bytes.withUnsafeBufferPointer { source in
                (buffer + end).update(from: source.baseAddress! + offset, count: count)
            }
            input = .bytes(bytes, offset: offset + count)
            end += count
            bytesRead += count
        }
    }

    /// Moves to a new buffer of `capacity` bytes holding `count` bytes of the
    /// current one from `offset` on; the old one lives while views of it do.
    private func replaceStorage(capacity: Int, keepingFrom offset: Int, count: Int) {
        let fresh = ReaderStorage(capacity: capacity)
        fresh.pointer.update(from: buffer + offset, count: count)
        storage = fresh
        buffer = fresh.pointer
        self.capacity = capacity
    }

    private static func isBlank(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in line where !ASCII.isWhitespace(byte) { return false }
        return true
    }

    // MARK: Messages

    private func scan(_ line: UnsafeBufferPointer<UInt8>) throws(MessageReaderError) -> ScannedMessage {
        var scanner = LineScanner(line)
        let scan: EnvelopeScan
        do {
            scan = try scanner.scanEnvelope()
        } catch {
            throw explain(error, in: line)
        }
        switch scan {
        case .notRecord:
            return ScannedMessage(content: .message(try decodeMessage(line)), line: bytes(line), lineNumber: lineNumber)
        case .record(let fields):
            let base = UnsafeRawPointer(line.baseAddress!)
            let data = fields.data!
            let record = ScannedRecord(
                stream: try stream(fields.stream!, scanner: scanner, line: line),
                namespace: try fields.namespace.map { (span) throws(MessageReaderError) in
                    try namespace(span, scanner: scanner, line: line)
                },
                emittedAt: fields.emittedAt!,
                data: ScannedBytes(storage: storage, base: base + data.lowerBound, count: data.count),
                meta: fields.meta.map { ScannedBytes(storage: storage, base: base + $0.lowerBound, count: $0.count) },
                hasLongNumbers: fields.dataHasLongNumbers
            )
            return ScannedMessage(content: .record(record), line: bytes(line), lineNumber: lineNumber)
        }
    }

    /// `line`, a part of the buffer, as bytes that keep the buffer alive.
    private func bytes(_ line: UnsafeBufferPointer<UInt8>) -> ScannedBytes {
        ScannedBytes(storage: storage, base: UnsafeRawPointer(line.baseAddress!), count: line.count)
    }

    private func stream(_ span: StringSpan, scanner: LineScanner, line: UnsafeBufferPointer<UInt8>) throws(MessageReaderError) -> String {
        if Self.same(span, in: line, as: lastStreamBytes) { return lastStream }
        lastStream = try decode(span, scanner: scanner, line: line)
        lastStreamBytes = Array(UnsafeBufferPointer(rebasing: line[span.start..<span.end]))
        return lastStream
    }

    private func namespace(_ span: StringSpan, scanner: LineScanner, line: UnsafeBufferPointer<UInt8>) throws(MessageReaderError) -> String
    {
        if Self.same(span, in: line, as: lastNamespaceBytes) { return lastNamespace }
        lastNamespace = try decode(span, scanner: scanner, line: line)
        lastNamespaceBytes = Array(UnsafeBufferPointer(rebasing: line[span.start..<span.end]))
        return lastNamespace
    }

    private static func same(_ span: StringSpan, in line: UnsafeBufferPointer<UInt8>, as bytes: [UInt8]) -> Bool {
        let count = span.end - span.start
        guard count == bytes.count, count > 0 else { return false }
        return bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, line.baseAddress! + span.start, count) == 0 }
    }

    private func decode(_ span: StringSpan, scanner: LineScanner, line: UnsafeBufferPointer<UInt8>) throws(MessageReaderError) -> String {
        do {
            return try scanner.decode(span)
        } catch {
            throw MessageReaderError(.invalidJSON(error), lineNumber: lineNumber, offset: error.offset, line: line)
        }
    }

    private func decodeMessage(_ line: UnsafeBufferPointer<UInt8>) throws(MessageReaderError) -> AirbyteMessage {
        let json: JSONValue
        do {
            json = try JSONValue.parseResult(line, maximumDepth: JSONParser.defaultMaximumDepth).get()
        } catch {
            throw MessageReaderError(.invalidJSON(error), lineNumber: lineNumber, offset: error.offset, line: line)
        }
        do {
            return try AirbyteMessage(json: json)
        } catch {
            throw MessageReaderError(.invalidMessage(error), lineNumber: lineNumber, offset: nil, line: line)
        }
    }

    /// Turns a scan failure into the most precise error: the strict parser's or
    /// the decoder's when they find one, the scanner's otherwise.
    private func explain(_ failure: ScanFailure, in line: UnsafeBufferPointer<UInt8>) -> MessageReaderError {
        do {
            _ = try decodeMessage(line)
        } catch {
            return error
        }
        return MessageReaderError(
            .malformedRecord(failure.reason.description), lineNumber: lineNumber,
            offset: failure.offset, line: line)
    }
}
