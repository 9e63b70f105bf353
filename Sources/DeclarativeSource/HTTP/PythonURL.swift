internal import DeclarativeManifest
internal import Foundation

/// URL handling as Python's `urllib.parse` and `requests` do it, so that the requests we
/// send are the ones the Python CDK sends, byte for byte.
enum PythonURL {
    /// Whether a byte is one `quote` never escapes (letters, digits, `_.-~`), indexed by the
    /// byte: every request's URL and parameters go through here, so no set is hashed per byte.
    private static let alwaysSafe: [Bool] = {
        var table = [Bool](repeating: false, count: 256)
        for byte in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-~".utf8 { table[Int(byte)] = true }
        return table
    }()
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `alwaysSafe` with the bytes of `safe` added.
    private static func table(safe: String) -> [Bool] {
        var table = alwaysSafe
        for byte in safe.utf8 { table[Int(byte)] = true }
        return table
    }

    /// The tables for `quote`'s default and for what `requote` keeps unescaped, made once:
    /// they serve every request's URL.
    private static let slashSafeTable = table(safe: "/")
    private static let requoteSafe = "!#$%&'()*+,/:;=?@[]~"
    private static let requoteSafeTable = table(safe: requoteSafe)

    /// `urllib.parse.quote(text, safe=safe)`: UTF-8, uppercase escapes.
    static func quote(_ text: String, safe: String = "/") -> String {
        let safeTable: [Bool]
        switch safe {
        case "": safeTable = alwaysSafe
        case "/": safeTable = slashSafeTable
        case requoteSafe: safeTable = requoteSafeTable
        default: safeTable = table(safe: safe)
        }
        // Most parameters (page tokens, numbers, dates) need no escape: the text is the answer.
        if text.utf8.allSatisfy({ safeTable[Int($0)] }) { return text }
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 16)
        appendQuoted(text, safe: safeTable, spaceAsPlus: false, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// `urllib.parse.quote_plus(text)`: like `quote` with nothing safe, spaces as `+`.
    static func quotePlus(_ text: String) -> String {
        var output: [UInt8] = []
        appendQuotedPlus(text, to: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends `quote_plus(text)` to `output`: `urlencode` writes a whole query this way, with
    /// no string per key and value.
    static func appendQuotedPlus(_ text: String, to output: inout [UInt8]) {
        appendQuoted(text, safe: alwaysSafe, spaceAsPlus: true, to: &output)
    }

    /// `text`'s UTF-8 bytes, each one `safe` does not allow escaped as `%XX`; with
    /// `spaceAsPlus`, the byte 0x20 (Python tests for the code point U+0020) written as `+`.
    private static func appendQuoted(_ text: String, safe: [Bool], spaceAsPlus: Bool, to output: inout [UInt8]) {
        safe.withUnsafeBufferPointer { safe in
            hex.withUnsafeBufferPointer { hex in
                for byte in text.utf8 {
                    if safe[Int(byte)] {
                        output.append(byte)
                    } else if spaceAsPlus && byte == UInt8(ascii: " ") {
                        output.append(UInt8(ascii: "+"))
                    } else {
                        output.append(UInt8(ascii: "%"))
                        output.append(hex[Int(byte >> 4)])
                        output.append(hex[Int(byte & 0xF)])
                    }
                }
            }
        }
    }

    /// `urllib.parse.unquote(text)` (UTF-8, invalid sequences replaced).
    static func unquote(_ text: String, plus: Bool = false) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)
        if plus { utf8 = utf8.map { $0 == UInt8(ascii: "+") ? UInt8(ascii: " ") : $0 } }
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// `requests.utils.requote_uri`: escapes what must be escaped, keeps existing escapes
    /// (decoding only those of unreserved characters).
    static func requote(_ uri: String) -> String {
        // Without a `%` there is nothing to unquote.
        if !uri.utf8.contains(UInt8(ascii: "%")) { return quote(uri, safe: requoteSafe) }
        // unquote_unreserved
        var utf8 = Array(uri.utf8)
        var result: [UInt8] = []
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "%"), index + 2 < utf8.count,
                let high = hexValue(utf8[index + 1]), let low = hexValue(utf8[index + 2])
            {
                let byte = high << 4 | low
                if alwaysSafe[Int(byte)] {
                    result.append(byte)
                } else {
                    result.append(contentsOf: utf8[index...index + 2])
                }
                index += 3
            } else {
                result.append(utf8[index])
                index += 1
            }
        }
        utf8 = result
        return quote(String(decoding: utf8, as: UTF8.self), safe: requoteSafe)
    }

    /// The parts of a URL as `urllib.parse.urlsplit` sees them.
    struct Parts: Equatable {
        var scheme = ""
        var netloc = ""
        var path = ""
        var query = ""
        var fragment = ""
        var hasQuery = false
        var hasFragment = false

        var string: String {
            var text = ""
            if !scheme.isEmpty { text += scheme + ":" }
            if !netloc.isEmpty || scheme == "http" || scheme == "https" { text += "//" + netloc }
            text += path
            if hasQuery || !query.isEmpty { text += "?" + query }
            if hasFragment || !fragment.isEmpty { text += "#" + fragment }
            return text
        }
    }

    /// `urllib.parse.urlsplit(url)`, read as UTF-8 bytes (every delimiter is ASCII, and the
    /// scheme, as in Python, is ASCII letters, digits, `+`, `-` and `.` after a letter).
    static func split(_ url: String) -> Parts {
        let bytes = Array(url.utf8)
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }
        var parts = Parts()
        var start = 0
        var end = bytes.count
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")) {
            let candidate = bytes[0..<colon]
            let isSchemeByte = { (byte: UInt8) in
                isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
            }
            if let first = candidate.first, isLetter(first), candidate.allSatisfy(isSchemeByte) {
                parts.scheme = text(0..<colon).lowercased()
                start = colon + 1
            }
        }
        if bytes[start...].starts(with: [UInt8(ascii: "/"), UInt8(ascii: "/")]) {
            start += 2
            let delimiters: [UInt8] = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
            let netlocEnd = bytes[start...].firstIndex(where: delimiters.contains) ?? end
            parts.netloc = text(start..<netlocEnd)
            start = netlocEnd
        }
        if let hash = bytes[start..<end].firstIndex(of: UInt8(ascii: "#")) {
            parts.fragment = text((hash + 1)..<end)
            parts.hasFragment = true
            end = hash
        }
        if let question = bytes[start..<end].firstIndex(of: UInt8(ascii: "?")) {
            parts.query = text((question + 1)..<end)
            parts.hasQuery = true
            end = question
        }
        parts.path = text(start..<end)
        return parts
    }

    /// `urllib.parse.urljoin(base, url)` for the hierarchical schemes the CDK meets.
    static func join(_ base: String, _ url: String) -> String {
        if base.isEmpty { return url }
        if url.isEmpty { return base }
        let b = split(base)
        var u = split(url)
        if !u.scheme.isEmpty && u.scheme != b.scheme { return url }
        if !u.scheme.isEmpty, !u.netloc.isEmpty { return url }
        u.scheme = b.scheme
        if !u.netloc.isEmpty {
            return u.string
        }
        u.netloc = b.netloc
        if u.path.isEmpty {
            u.path = b.path
            if !u.hasQuery {
                u.query = b.query
                u.hasQuery = b.hasQuery
            }
            return u.string
        }
        var baseParts = b.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        if let last = baseParts.last, !last.isEmpty { baseParts.removeLast() }
        var segments: [String]
        if u.path.hasPrefix("/") {
            segments = u.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        } else {
            segments = baseParts + u.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            if segments.count > 2 {
                let middle = segments[1..<(segments.count - 1)].filter { !$0.isEmpty }
                segments = [segments[0]] + middle + [segments[segments.count - 1]]
            }
        }
        var resolved: [String] = []
        for segment in segments {
            if segment == ".." {
                if !resolved.isEmpty { resolved.removeLast() }
            } else if segment != "." {
                resolved.append(segment)
            }
        }
        if let last = segments.last, last == "." || last == ".." { resolved.append("") }
        u.path = resolved.joined(separator: "/")
        if u.path.isEmpty { u.path = "/" } else if !u.path.hasPrefix("/") { u.path = "/" + u.path }
        return u.string
    }

    /// `urllib.parse.parse_qsl(query)`, keeping blank values (as `parse_qs(keep_blank_values=False)` does not).
    static func parseQuery(_ query: String, keepBlankValues: Bool = false) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for field in query.split(whereSeparator: { $0 == "&" }) {
            if field.isEmpty { continue }
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count > 1 ? String(parts[1]) : ""
            if value.isEmpty && !keepBlankValues { continue }
            if parts.count < 2 && !keepBlankValues { continue }
            pairs.append((unquote(String(parts[0]), plus: true), unquote(value, plus: true)))
        }
        return pairs
    }
}
