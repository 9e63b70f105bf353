import Synchronization

/// Python's backslash escapes in string literals (and Jinja's string tokens, which
/// go through the `unicode-escape` codec the same way).
enum PythonEscapes {
    /// Decodes `\n`, `\t`, `\\`, `\'`, `\xhh`, `\uXXXX`, `\UXXXXXXXX`, `\N{NAME}`,
    /// octal `\ooo` and backslash-newline; keeps unknown escapes (`\d`) as written.
    /// With `bytes`, `\u`, `\U` and `\N` are not escapes.
    static func decodeUnicodeEscape(_ body: String, bytes: Bool = false) throws(TemplateError) -> String {
        guard body.utf8.contains(UInt8(ascii: "\\")) else { return body }
        let scalars = Array(body.unicodeScalars)
        var result = String.UnicodeScalarView()
        var i = 0
        func hexValue(_ count: Int, _ what: String) throws(TemplateError) -> UInt32 {
            var value: UInt32 = 0
            for k in 0..<count {
                guard i + 2 + k < scalars.count, let digit = Int(String(scalars[i + 2 + k]), radix: 16) else {
                    throw .value("(unicode error) 'unicodeescape' codec can't decode bytes: truncated \(what) escape")
                }
                value = value * 16 + UInt32(digit)
            }
            return value
        }
        while i < scalars.count {
            let c = scalars[i]
            guard c == "\\", i + 1 < scalars.count else {
                if c == "\\" { throw .value("(unicode error) 'unicodeescape' codec can't decode bytes: \\ at end of string") }
                result.append(c)
                i += 1
                continue
            }
            let e = scalars[i + 1]
            switch e {
            case "\n": i += 2
            case "\\":
                result.append("\\")
                i += 2
            case "'":
                result.append("'")
                i += 2
            case "\"":
                result.append("\"")
                i += 2
            case "a":
                result.append("\u{07}")
                i += 2
            case "b":
                result.append("\u{08}")
                i += 2
            case "f":
                result.append("\u{0C}")
                i += 2
            case "n":
                result.append("\n")
                i += 2
            case "r":
                result.append("\r")
                i += 2
            case "t":
                result.append("\t")
                i += 2
            case "v":
                result.append("\u{0B}")
                i += 2
            case "0"..."7":
                var value: UInt32 = 0
                var k = i + 1
                while k < scalars.count, k < i + 4, ("0"..."7").contains(scalars[k]) {
                    value = value * 8 + (scalars[k].value - 0x30)
                    k += 1
                }
                result.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                i = k
            case "x":
                let value = try hexValue(2, "\\xXX")
                result.append(Unicode.Scalar(value)!)
                i += 4
            case "u" where !bytes, "U" where !bytes:
                let count = e == "u" ? 4 : 8
                let value = try hexValue(count, e == "u" ? "\\uXXXX" : "\\UXXXXXXXX")
                guard let scalar = Unicode.Scalar(value) else {
                    throw .value("(unicode error) 'unicodeescape' codec can't decode bytes: illegal Unicode character")
                }
                result.append(scalar)
                i += 2 + count
            case "N" where !bytes:
                guard i + 2 < scalars.count, scalars[i + 2] == "{", let close = scalars[(i + 3)...].firstIndex(of: "}") else {
                    throw .value("(unicode error) 'unicodeescape' codec can't decode bytes: malformed \\N character escape")
                }
                let name = String(String.UnicodeScalarView(scalars[(i + 3)..<close]))
                guard let scalar = UnicodeNames.scalar(named: name) else {
                    throw .value("(unicode error) 'unicodeescape' codec can't decode bytes: unknown Unicode character name")
                }
                result.append(scalar)
                i = close + 1
            default:
                result.append("\\")
                result.append(e)
                i += 2
            }
        }
        return String(result)
    }
}

/// Unicode character names to scalars, for `\N{...}`; built on first use.
enum UnicodeNames {
    private static let table: Mutex<[String: Unicode.Scalar]?> = Mutex(nil)

    static func scalar(named name: String) -> Unicode.Scalar? {
        let key = name.uppercased()
        return table.withLock { table in
            if table == nil {
                var built: [String: Unicode.Scalar] = [:]
                for value in UInt32(0x20)...0x10FFFF {
                    guard let scalar = Unicode.Scalar(value) else { continue }
                    if let name = scalar.properties.name { built[name] = scalar }
                    if let alias = scalar.properties.nameAlias { built[alias] = scalar }
                }
                table = built
            }
            return table?[key]
        }
    }
}
