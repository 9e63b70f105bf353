/// A template's text as the lexer reads it: newlines normalized to `\n` and one
/// trailing newline dropped (Jinja's `keep_trailing_newline=False`), with the
/// original kept for error messages.
struct SourceText: Sendable {
    let original: String
    let bytes: [UInt8]

    init(_ source: String) {
        original = source
        var normalized: [UInt8] = []
        normalized.reserveCapacity(source.utf8.count)
        var previousCR = false
        for b in source.utf8 {
            if b == UInt8(ascii: "\r") {
                normalized.append(UInt8(ascii: "\n"))
                previousCR = true
                continue
            }
            if b == UInt8(ascii: "\n"), previousCR {
                previousCR = false
                continue
            }
            previousCR = false
            normalized.append(b)
        }
        if normalized.last == UInt8(ascii: "\n") { normalized.removeLast() }
        bytes = normalized
    }

    /// The 1-based line and column (in characters) of a byte offset.
    func location(of offset: Int) -> TemplateError.Location {
        let end = min(max(offset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<end where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        let column = String(decoding: bytes[lineStart..<end], as: UTF8.self).unicodeScalars.count + 1
        return TemplateError.Location(line: line, column: column)
    }
}
