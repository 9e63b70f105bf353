/// The end of a process's text output, bounded: the last ``limit`` bytes,
/// trimmed to whole lines, for error messages.
struct OutputTail: Sendable {
    /// How many bytes are kept.
    let limit: Int
    private var bytes: [UInt8] = []
    /// Whether anything was dropped from the front.
    private(set) var truncated = false

    init(limit: Int = 16 * 1024) {
        self.limit = limit
    }

    mutating func append(_ chunk: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: chunk)
        trim()
    }

    mutating func append(line: String) {
        bytes.append(contentsOf: line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        trim()
    }

    private mutating func trim() {
        guard bytes.count > limit * 2 else { return }
        bytes.removeFirst(bytes.count - limit)
        truncated = true
    }

    /// The kept text: at most `limit` bytes, starting at a line boundary when
    /// anything was dropped, without trailing blank lines.
    var text: String {
        var kept = bytes.count > limit ? Array(bytes.suffix(limit)) : bytes
        var dropped = truncated || bytes.count > limit
        if dropped, let newline = kept.firstIndex(of: UInt8(ascii: "\n")), newline + 1 < kept.count {
            kept.removeFirst(newline + 1)
        } else if dropped, kept.isEmpty {
            dropped = false
        }
        var text = String(decoding: kept, as: UTF8.self)
        while text.last?.isWhitespace == true { text.removeLast() }
        return dropped && !text.isEmpty ? "…\n" + text : text
    }
}
