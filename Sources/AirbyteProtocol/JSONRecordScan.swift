/// The records of a JSON document, found and written out compact without building a
/// ``JSONValue`` for each: for a source that passes records on unchanged, this replaces
/// parsing a page into values and serializing each record again.
///
/// The bytes are exactly what parsing the document and serializing each record would give
/// (``JSONValue/serialize(into:)``): whitespace outside strings dropped, numbers as written,
/// strings with an escape or a non-ASCII byte decoded and escaped again as the serializer
/// escapes them. A scan accepts only documents the parser accepts; it gives up (`nil`)
/// on anything it does not reproduce exactly, and the caller parses instead: a repeated
/// object key anywhere, a path that is missing or does not end at an array of objects,
/// very deep nesting, or any input the parser would reject.
///
/// ```swift
/// let scan = JSONRecordScan(document: body, recordsAt: ["data"], fields: ["updated_at"])
/// // scan?.record(0) is the first record's compact JSON, scan?.skeleton the rest of the page.
/// ```
public struct JSONRecordScan: Sendable {
    /// The records, compact, one after another.
    public private(set) var records: [UInt8] = []
    /// Where each record ends in `records` (the next one starts there).
    public private(set) var recordEnds: [Int] = []
    /// For record `i` and requested field `j`, at `i * fieldCount + j`: the range of that
    /// top-level member's value in `records`, or `nil` when the record lacks it.
    public private(set) var fieldRanges: [Range<Int>?] = []
    /// How many fields were requested.
    public let fieldCount: Int
    /// The document, compact, with the records' array written as `[]`.
    public private(set) var skeleton: [UInt8] = []
    /// The records (ascending indexes) that have a top-level member whose value is `null`, or
    /// may get one from the appended member: the Python CDK's RECORD messages leave such
    /// members out, so a writer treats these records apart.
    public private(set) var recordsWithNullMembers: [Int] = []

    /// Whether record `index` has (or may have) a top-level `null` member.
    public func hasNullMember(_ index: Int) -> Bool {
        var low = 0
        var high = recordsWithNullMembers.count
        while low < high {
            let middle = (low + high) / 2
            if recordsWithNullMembers[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low < recordsWithNullMembers.count && recordsWithNullMembers[low] == index
    }

    /// The number of records.
    public var count: Int { recordEnds.count }

    /// The range of record `index` in `records`.
    public func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : recordEnds[index - 1])..<recordEnds[index]
    }

    /// Scans `document` for the array at `path` (object keys from the top), whose elements
    /// must all be objects.
    ///
    /// - Parameters:
    ///   - document: the page, a JSON object.
    ///   - path: the object keys from the top of `document` to the records' array.
    ///   - fields: top-level members of each record whose value ranges to note.
    ///   - appendingMember: compact `"key":value` text added as the last member of every
    ///     record (an `AddFields` of a constant value); empty adds nothing. The caller makes
    ///     sure no record has that key already (it is one of `fields`).
    /// - Returns: `nil` when the scan cannot reproduce parsing exactly; the caller parses.
    public init?(document: [UInt8], recordsAt path: [String], fields: [String] = [], appendingMember: [UInt8] = []) {
        fieldCount = fields.count
        guard !path.isEmpty else { return nil }
        let serializedPath = path.map(Self.serializedKey)
        let serializedFields = fields.map(Self.serializedKey)
        let scanned: Scanner.Result? = document.withUnsafeBufferPointer { input in
            var scanner = Scanner(
                input: input, path: serializedPath, fields: serializedFields, member: appendingMember)
            defer { scanner.free() }
            return scanner.scanDocument()
        }
        guard let scanned else { return nil }
        records = scanned.records
        recordEnds = scanned.recordEnds
        fieldRanges = scanned.fieldRanges
        skeleton = scanned.skeleton
        recordsWithNullMembers = scanned.recordsWithNullMembers
    }

    private static func serializedKey(_ key: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONValue.serializeString(key, into: &bytes)
        return bytes
    }
}

/// The scan itself: a recursive descent over the bytes that validates as ``JSONParser``
/// does and writes the compact text.
private struct Scanner {
    struct Result {
        var records: [UInt8]
        var recordEnds: [Int]
        var fieldRanges: [Range<Int>?]
        var skeleton: [UInt8]
        var recordsWithNullMembers: [Int]
    }

    /// Well below the parser's 512, so a document the scan accepts is never too deep for it.
    static let maximumDepth = 400

    let input: UnsafeBufferPointer<UInt8>
    let path: [[UInt8]]
    let fields: [[UInt8]]
    let member: [UInt8]
    var position = 0
    /// Where the current part of the document is written: the skeleton, or the records.
    var output = OutputBytes(capacity: 256)
    /// The keys (ranges in `output`) of the objects being scanned, innermost last.
    var keys = RangeStack()
    /// The records' output, once their array was scanned.
    var records: OutputBytes?
    var recordEnds: [Int] = []
    var fieldRanges: [Range<Int>?] = []
    var recordsWithNullMembers: [Int] = []
    var foundRecords = false

    /// Whether the appended member's text holds `:null`.
    let memberMayHaveNull: Bool

    init(input: UnsafeBufferPointer<UInt8>, path: [[UInt8]], fields: [[UInt8]], member: [UInt8]) {
        memberMayHaveNull = member.indices.contains { index in
            member[index] == ASCII.colon && member[(index + 1)...].starts(with: Array("null".utf8))
        }
        self.input = input
        self.path = path
        self.fields = fields
        self.member = member
    }

    /// Frees what the scan wrote (its result holds copies).
    func free() {
        output.free()
        records?.free()
        keys.free()
    }

    mutating func scanDocument() -> Result? {
        skipWhitespace()
        guard position < input.count, input[position] == ASCII.openBrace else { return nil }
        guard scanObject(depth: 1, pathLevel: 0) else { return nil }
        skipWhitespace()
        guard position == input.count, foundRecords, let records else { return nil }
        return Result(
            records: records.array, recordEnds: recordEnds, fieldRanges: fieldRanges, skeleton: output.array,
            recordsWithNullMembers: recordsWithNullMembers)
    }

    // MARK: Values

    mutating func scanValue(depth: Int) -> Bool {
        guard position < input.count else { return false }
        switch input[position] {
        case ASCII.quote: return scanString()
        case ASCII.openBrace: return scanObject(depth: depth + 1, pathLevel: nil)
        case ASCII.openBracket: return scanArray(depth: depth + 1)
        case ASCII.minus, ASCII.zero...ASCII.nine: return scanNumber()
        case ASCII.t: return copyLiteral("true")
        case ASCII.f: return copyLiteral("false")
        case ASCII.n: return copyLiteral("null")
        default: return false
        }
    }

    /// An object at `position`; `pathLevel` is its level on the records' path, if it is on it.
    mutating func scanObject(depth: Int, pathLevel: Int?, isRecord: Bool = false) -> Bool {
        if depth > Self.maximumDepth { return false }
        position += 1  // {
        output.append(ASCII.openBrace)
        let firstKey = keys.count
        let recordFields = isRecord ? fieldRanges.count : 0
        var hasNullMember = false
        if isRecord { for _ in 0..<fields.count { fieldRanges.append(nil) } }
        skipWhitespace()
        guard position < input.count else { return false }
        if input[position] != ASCII.closeBrace {
            while true {
                guard position < input.count, input[position] == ASCII.quote else { return false }
                let keyStart = output.count
                guard scanString() else { return false }
                let key = keyStart..<output.count
                keys.push(key)
                skipWhitespace()
                guard position < input.count, input[position] == ASCII.colon else { return false }
                position += 1
                output.append(ASCII.colon)
                skipWhitespace()
                let valueStart = output.count
                if let pathLevel, outputMatches(key, path[pathLevel]) {
                    if pathLevel == path.count - 1 {
                        guard scanRecords(depth: depth) else { return false }
                    } else {
                        guard position < input.count, input[position] == ASCII.openBrace,
                            scanObject(depth: depth + 1, pathLevel: pathLevel + 1)
                        else { return false }
                    }
                } else {
                    guard scanValue(depth: depth) else { return false }
                }
                if isRecord {
                    if output.count - valueStart == 4 && output[valueStart] == ASCII.n { hasNullMember = true }
                    for index in fields.indices where outputMatches(key, fields[index]) {
                        fieldRanges[recordFields + index] = valueStart..<output.count
                    }
                }
                skipWhitespace()
                guard position < input.count else { return false }
                if input[position] == ASCII.comma {
                    position += 1
                    output.append(ASCII.comma)
                    skipWhitespace()
                    continue
                }
                guard input[position] == ASCII.closeBrace else { return false }
                break
            }
        }
        position += 1  // }
        guard keysAreDistinct(from: firstKey) else { return false }
        keys.truncate(to: firstKey)
        if isRecord && !member.isEmpty {
            if output.last != ASCII.openBrace { output.append(ASCII.comma) }
            member.withUnsafeBufferPointer { output.append($0) }
        }
        // `:null` in the appended member may also be inside a string: a record marked for
        // nothing is only written the slower way.
        if isRecord && (hasNullMember || memberMayHaveNull) { recordsWithNullMembers.append(recordEnds.count) }
        output.append(ASCII.closeBrace)
        return true
    }

    mutating func scanArray(depth: Int) -> Bool {
        if depth > Self.maximumDepth { return false }
        position += 1  // [
        output.append(ASCII.openBracket)
        skipWhitespace()
        guard position < input.count else { return false }
        if input[position] != ASCII.closeBracket {
            while true {
                guard scanValue(depth: depth) else { return false }
                skipWhitespace()
                guard position < input.count else { return false }
                if input[position] == ASCII.comma {
                    position += 1
                    output.append(ASCII.comma)
                    skipWhitespace()
                    continue
                }
                guard input[position] == ASCII.closeBracket else { return false }
                break
            }
        }
        position += 1  // ]
        output.append(ASCII.closeBracket)
        return true
    }

    /// The records' array: each element, an object, is written to `records`; the skeleton gets `[]`.
    mutating func scanRecords(depth: Int) -> Bool {
        guard !foundRecords, position < input.count, input[position] == ASCII.openBracket, depth + 1 <= Self.maximumDepth
        else { return false }
        foundRecords = true
        position += 1  // [
        var skeleton = OutputBytes(capacity: input.count + 64)
        swap(&skeleton, &output)
        defer {
            swap(&skeleton, &output)
            records = skeleton
        }
        skipWhitespace()
        guard position < input.count else { return false }
        if input[position] != ASCII.closeBracket {
            while true {
                guard position < input.count, input[position] == ASCII.openBrace,
                    scanObject(depth: depth + 2, pathLevel: nil, isRecord: true)
                else { return false }
                recordEnds.append(output.count)
                skipWhitespace()
                guard position < input.count else { return false }
                if input[position] == ASCII.comma {
                    position += 1
                    skipWhitespace()
                    continue
                }
                guard input[position] == ASCII.closeBracket else { return false }
                break
            }
        }
        position += 1  // ]
        skeleton.append(ASCII.openBracket)
        skeleton.append(ASCII.closeBracket)
        return true
    }

    // MARK: Scalars

    /// A string: copied as it is when it is plain ASCII without escapes; otherwise parsed
    /// (validating UTF-8 and escapes as the parser does) and serialized again.
    mutating func scanString() -> Bool {
        let start = position
        if let end = output.appendPlainString(input, quoteAt: start) {
            position = end
            return true
        }
        var parser = JSONParser(input)
        parser.position = start
        guard let text = try? parser.parseString() else { return false }
        position = parser.position
        var serialized: [UInt8] = []
        JSONValue.serializeString(text, into: &serialized)
        serialized.withUnsafeBufferPointer { output.append($0) }
        return true
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`, copied as written.
    mutating func scanNumber() -> Bool {
        let start = position
        if input[position] == ASCII.minus { position += 1 }
        guard position < input.count, ASCII.isDigit(input[position]) else { return false }
        if input[position] == ASCII.zero {
            position += 1
        } else {
            skipDigits()
        }
        if position < input.count, input[position] == ASCII.dot {
            position += 1
            guard position < input.count, ASCII.isDigit(input[position]) else { return false }
            skipDigits()
        }
        if position < input.count, input[position] | 0x20 == ASCII.e {
            position += 1
            if position < input.count, input[position] == ASCII.plus || input[position] == ASCII.minus { position += 1 }
            guard position < input.count, ASCII.isDigit(input[position]) else { return false }
            skipDigits()
        }
        if position < input.count, ASCII.isDigit(input[position]) { return false }
        output.append(UnsafeBufferPointer(rebasing: input[start..<position]))
        return true
    }

    mutating func copyLiteral(_ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard input.count - position >= count else { return false }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where input[position + offset] != expected[offset] { return false }
        output.append(expected)
        position += count
        return true
    }

    // MARK: Helpers

    mutating func skipDigits() {
        while position < input.count, ASCII.isDigit(input[position]) { position += 1 }
    }

    mutating func skipWhitespace() {
        while position < input.count, ASCII.isWhitespace(input[position]) { position += 1 }
    }

    /// Whether the bytes at `range` of `output` are `expected`.
    func outputMatches(_ range: Range<Int>, _ expected: [UInt8]) -> Bool {
        guard range.count == expected.count else { return false }
        return expected.withUnsafeBufferPointer { expected in
            memoryEqual(output.base + range.lowerBound, expected.baseAddress!, expected.count)
        }
    }

    /// Whether the object's keys (`keys[first...]`, serialized, so equal text means equal
    /// keys) are all different: a repeated key keeps its last value at its first position
    /// when parsed, which a copy does not reproduce.
    func keysAreDistinct(from first: Int) -> Bool {
        let count = keys.count - first
        if count < 2 { return true }
        let base = UnsafePointer(output.base)
        if count <= 16 {
            for later in (first + 1)..<keys.count {
                let key = keys[later]
                for earlier in first..<later where keys[earlier].count == key.count {
                    if memoryEqual(base + keys[earlier].lowerBound, base + key.lowerBound, key.count) { return false }
                }
            }
            return true
        }
        // Many keys: distinct hashes prove distinct keys; a shared hash gives up.
        var seen = Set<Int>(minimumCapacity: count)
        for index in first..<keys.count {
            let key = keys[index]
            var hasher = Hasher()
            hasher.combine(bytes: UnsafeRawBufferPointer(start: base + key.lowerBound, count: key.count))
            guard seen.insert(hasher.finalize()).inserted else { return false }
        }
        return true
    }

    func memoryEqual(_ left: UnsafePointer<UInt8>, _ right: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        for offset in 0..<count where left[offset] != right[offset] { return false }
        return true
    }
}

/// The bytes a scan writes, grown by doubling: appends without an array's uniqueness and
/// capacity checks on every byte. `free()` releases them.
private struct OutputBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    var last: UInt8? { count > 0 ? base[count - 1] : nil }

    subscript(index: Int) -> UInt8 { base[index] }

    /// A copy, as an array.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    @inline(__always) mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        if count + bytes.count > capacity { grow(to: count + bytes.count) }
        if bytes.count <= 16 {
            // Numbers and short members: a loop costs less than a call to memmove.
            for offset in 0..<bytes.count { base[count + offset] = source[offset] }
        } else {
            (base + count).initialize(from: source, count: bytes.count)
        }
        count += bytes.count
    }

    /// Copies the string whose opening quote is at `start` when it is plain ASCII (no escape,
    /// no control or non-ASCII byte) and returns the index after its closing quote; otherwise
    /// leaves the output as it was and returns `nil`.
    ///
    /// Eight bytes at a time: each word is stored before it is checked (the output grows to
    /// keep eight bytes of room), and the first word with a quote, a backslash, a control byte
    /// or a non-ASCII byte ends the run at that byte. Flags spill only onto the bytes after a
    /// flagged one, so the lowest flagged byte is the first special one.
    mutating func appendPlainString(_ input: UnsafeBufferPointer<UInt8>, quoteAt start: Int) -> Int? {
        guard let source = input.baseAddress else { return nil }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let startCount = count
        append(ASCII.quote)
        var index = start + 1
        while index + 8 <= input.count {
            if count + 8 > capacity { grow(to: count + 8) }
            let word = UnsafeRawPointer(source + index).loadUnaligned(as: UInt64.self)
            UnsafeMutableRawPointer(base + count).storeBytes(of: word, as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(ASCII.quote))
            let backslashes = word ^ (ones &* UInt64(ASCII.backslash))
            let special =
                (((quotes &- ones) & ~quotes) | ((backslashes &- ones) & ~backslashes)
                    | ((word &- ones &* 0x20) & ~word) | word) & highs
            if special != 0 {
                let offset = special.trailingZeroBitCount / 8
                guard source[index + offset] == ASCII.quote else { break }
                count += offset + 1
                return index + offset + 1
            }
            count += 8
            index += 8
        }
        while index < input.count {
            let byte = source[index]
            if byte == ASCII.quote {
                append(byte)
                return index + 1
            }
            if byte == ASCII.backslash || byte >= 0x80 || byte < 0x20 { break }
            append(byte)
            index += 1
        }
        count = startCount
        return nil
    }

    func free() { base.deallocate() }

    private mutating func grow(to needed: Int) {
        let grown = max(needed, capacity * 2)
        let moved = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        moved.initialize(from: base, count: count)
        base.deallocate()
        base = moved
        capacity = grown
    }
}

/// The scan's stack of key ranges, on memory it manages like ``OutputBytes``: pushes and
/// truncations without an array's uniqueness checks. `free()` releases it.
private struct RangeStack {
    private var base: UnsafeMutablePointer<Range<Int>>
    private(set) var count = 0
    private var capacity = 64

    init() { base = .allocate(capacity: capacity) }

    subscript(index: Int) -> Range<Int> { base[index] }

    @inline(__always) mutating func push(_ range: Range<Int>) {
        if count == capacity {
            let grown = UnsafeMutablePointer<Range<Int>>.allocate(capacity: capacity * 2)
            grown.moveInitialize(from: base, count: count)
            base.deallocate()
            base = grown
            capacity *= 2
        }
        (base + count).initialize(to: range)
        count += 1
    }

    /// Drops the ranges from `newCount` on.
    mutating func truncate(to newCount: Int) { count = newCount }

    func free() { base.deallocate() }
}
