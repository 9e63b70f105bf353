/// `urllib.parse.quote` and `quote_plus`: UTF-8 bytes percent-encoded except
/// letters, digits, `_.-~` and the `safe` characters.
enum URLQuote {
    static func quote(_ text: String, safe: String, plusForSpace: Bool = false) -> String {
        let safeBytes = Set(safe.utf8)
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            let c = Character(UnicodeScalar(byte))
            if byte < 0x80 && (c.isLetter || c.isNumber || "_.-~".utf8.contains(byte) || safeBytes.contains(byte)) {
                out.append(c)
            } else if byte == 0x20 && plusForSpace {
                out.append("+")
            } else {
                out += "%" + hex(UInt32(byte), 2).uppercased()
            }
        }
        return out
    }
}
