internal import Yams

/// PyYAML's implicit resolvers (`yaml/resolver.py`): the tag `safe_load` gives a plain scalar
/// written without one. They differ from YAML 1.2: a float needs a dot (`1e5` is a string),
/// an int may be octal with a bare leading 0, and ints and floats may be sexagesimal (`1:30`).
///
/// Matched byte by byte rather than with the resolvers' regular expressions, which Yams runs
/// through `NSRegularExpression`: compiling them and matching every scalar took a few
/// milliseconds of each start of `source-declarative-manifest`. Timestamps are not told apart
/// from strings: the manifest loader keeps both as their text.
enum PyYAMLImplicitResolver {
    /// The tag of a plain, untagged scalar: `null`, `bool`, `int`, `float`, `merge`, `value`
    /// (a lone `=`) or `str`.
    static func tag(of text: String) -> Tag.Name {
        let bytes = Array(text.utf8)
        if isNull(bytes) { return .null }
        if isBool(bytes) { return .bool }
        if isInt(bytes) { return .int }
        if isFloat(bytes) { return .float }
        if bytes == Array("<<".utf8) { return .merge }
        if bytes == Array("=".utf8) { return .value }
        return .str
    }

    private static let nulls: Set<[UInt8]> = Set(["", "~", "null", "Null", "NULL"].map { Array($0.utf8) })
    private static let bools: Set<[UInt8]> = Set(
        ["yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF"]
            .map { Array($0.utf8) })

    private static func isNull(_ bytes: [UInt8]) -> Bool { bytes.count <= 4 && nulls.contains(bytes) }

    private static func isBool(_ bytes: [UInt8]) -> Bool { bytes.count <= 5 && bools.contains(bytes) }

    /// `[-+]?0b[0-1_]+ | [-+]?0[0-7_]+ | [-+]?(?:0|[1-9][0-9_]*) | [-+]?0x[0-9a-fA-F_]+ |
    /// [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+`
    static func isInt(_ bytes: [UInt8]) -> Bool {
        let body = bytes[signEnd(bytes)...]
        guard let first = body.first else { return false }
        let rest = body.dropFirst()
        if first == zero {
            guard let marker = rest.first else { return true }
            if marker == UInt8(ascii: "b") {
                return rest.count > 1 && rest.dropFirst().allSatisfy { $0 == zero || $0 == one || $0 == underscore }
            }
            if marker == UInt8(ascii: "x") { return rest.count > 1 && rest.dropFirst().allSatisfy { isHexDigit($0) || $0 == underscore } }
            return rest.allSatisfy { ($0 >= zero && $0 <= UInt8(ascii: "7")) || $0 == underscore }
        }
        guard isDigit(first) else { return false }
        guard let colon = rest.firstIndex(of: UInt8(ascii: ":")) else { return rest.allSatisfy(isDigitOrUnderscore) }
        return rest[..<colon].allSatisfy(isDigitOrUnderscore) && isSexagesimalTail(rest[colon...])
    }

    /// `[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)? | \.[0-9][0-9_]*(?:[eE][-+][0-9]+)? |
    /// [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]* | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)`
    static func isFloat(_ bytes: [UInt8]) -> Bool {
        let signed = signEnd(bytes) > 0
        let body = bytes[signEnd(bytes)...]
        guard let first = body.first else { return false }
        if first == dot {
            let after = Array(body.dropFirst())
            if [Array("inf".utf8), Array("Inf".utf8), Array("INF".utf8)].contains(after) { return true }
            if signed { return false }
            if [Array("nan".utf8), Array("NaN".utf8), Array("NAN".utf8)].contains(after) { return true }
            return isFractionAndExponent(body.dropFirst(), startsWithDigit: true)
        }
        guard isDigit(first), let point = body.firstIndex(of: dot) else { return false }
        let whole = body[body.index(after: body.startIndex)..<point]
        let fraction = body[body.index(after: point)...]
        if let colon = whole.firstIndex(of: UInt8(ascii: ":")) {
            return whole[..<colon].allSatisfy(isDigitOrUnderscore) && isSexagesimalTail(whole[colon...])
                && fraction.allSatisfy(isDigitOrUnderscore)
        }
        return whole.allSatisfy(isDigitOrUnderscore) && isFractionAndExponent(fraction, startsWithDigit: false)
    }

    /// `[0-9_]*` (`[0-9][0-9_]*` when `startsWithDigit`) then an optional `[eE][-+][0-9]+`.
    private static func isFractionAndExponent(_ bytes: ArraySlice<UInt8>, startsWithDigit: Bool) -> Bool {
        let exponent = bytes.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") } ?? bytes.endIndex
        let digits = bytes[..<exponent]
        guard digits.allSatisfy(isDigitOrUnderscore), !startsWithDigit || digits.first.map(isDigit) == true else { return false }
        guard exponent < bytes.endIndex else { return true }
        let tail = bytes[(exponent + 1)...]
        guard let sign = tail.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") else { return false }
        let power = tail.dropFirst()
        return !power.isEmpty && power.allSatisfy(isDigit)
    }

    /// `(?::[0-5]?[0-9])+` to the end: each part after a colon is one digit, or two with the
    /// first at most 5.
    private static func isSexagesimalTail(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard bytes.first == UInt8(ascii: ":") else { return false }
        for part in bytes.dropFirst().split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false) {
            switch part.count {
            case 1: guard isDigit(part[part.startIndex]) else { return false }
            case 2:
                guard part[part.startIndex] >= zero, part[part.startIndex] <= UInt8(ascii: "5"), isDigit(part[part.startIndex + 1])
                else { return false }
            default: return false
            }
        }
        return true
    }

    private static func signEnd(_ bytes: [UInt8]) -> Int {
        bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? 1 : 0
    }

    private static let zero = UInt8(ascii: "0")
    private static let one = UInt8(ascii: "1")
    private static let dot = UInt8(ascii: ".")
    private static let underscore = UInt8(ascii: "_")

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= UInt8(ascii: "9") }

    private static func isDigitOrUnderscore(_ byte: UInt8) -> Bool { isDigit(byte) || byte == underscore }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
