/// Bounded, log-safe excerpts of input bytes for error messages.
enum Excerpt {
    /// At most `maximumLength` characters of `bytes` centred on `offset`, with
    /// `…` marking cut ends and control characters shown as spaces.
    static func around(_ offset: Int, in bytes: UnsafeBufferPointer<UInt8>, maximumLength: Int) -> String {
        let budget = max(maximumLength - 2, 1)
        let clamped = min(max(offset, 0), bytes.count)
        var start = max(clamped - budget / 2, 0)
        let end = min(start + budget, bytes.count)
        start = max(end - budget, 0)
        return render(bytes, start..<end, maximumLength: maximumLength)
    }

    /// At most `maximumLength` characters from the start of `bytes`.
    static func prefix(of bytes: UnsafeBufferPointer<UInt8>, maximumLength: Int) -> String {
        let budget = max(maximumLength - 1, 1)
        return render(bytes, 0..<min(budget, bytes.count), maximumLength: maximumLength)
    }

    private static func render(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, maximumLength: Int) -> String {
        // Cutting may split a UTF-8 sequence: decoding then yields U+FFFD, still
        // one character per byte at most, so the bound holds.
        var text = String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        if range.lowerBound > 0 { text = "…" + text }
        if range.upperBound < bytes.count { text += "…" }
        if text.count > maximumLength { text = String(text.prefix(maximumLength - 1)) + "…" }
        return text
    }

    /// A byte for a message: the character when printable ASCII, else its hex value.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }
}
