import Foundation

/// Python's `round(x, n)` for floats: correctly rounded, halves to even.
func pythonRound(_ x: Double, _ digits: Int) -> Double {
    guard x.isFinite else { return x }
    if digits > 22 { return x }
    // Format with enough digits to decide the rounding exactly, as CPython does via dtoa.
    let text = String(format: "%.\(max(0, digits))f", x)
    if digits >= 0 { return Double(text) ?? x }
    let scale = pow(10, Double(-digits))
    return (x / scale).rounded(.toNearestOrEven) * scale
}

/// Python's `float(value)`, or `nil` where it raises `TypeError`/`ValueError`.
func pythonFloat(_ value: JinjaValue) throws(TemplateError) -> Double? {
    switch value.storage {
    case .undefined(let u): throw u.error
    case .bool(let b): return b ? 1 : 0
    case .int(let n): return Double(n)
    case .bigInt(let b): return b.doubleValue
    case .float(let x): return x
    case .string(let s): return parsePythonFloat(s)
    default: return nil
    }
}

/// Parses text as Python's `float(str)` does: whitespace around, underscores between
/// digits, `inf`, `infinity`, `nan` in any case.
func parsePythonFloat(_ text: String) -> Double? {
    let trimmed = StringMethods.strip(text, nil, leading: true, trailing: true)
    let lower = trimmed.lowercased()
    var body = Substring(lower)
    var sign = 1.0
    if let first = body.first, first == "+" || first == "-" {
        sign = first == "-" ? -1 : 1
        body = body.dropFirst()
    }
    if body == "inf" || body == "infinity" { return sign * .infinity }
    if body == "nan" { return .nan }
    // Digits, optional fraction, optional exponent; underscores only between digits.
    let chars = Array(body)
    var cleaned = ""
    var i = 0
    var sawDigit = false
    func digits() -> Bool {
        var any = false
        while i < chars.count {
            if chars[i].isASCII, chars[i].isNumber {
                cleaned.append(chars[i])
                any = true
                i += 1
            } else if chars[i] == "_", any, i + 1 < chars.count, chars[i + 1].isASCII, chars[i + 1].isNumber {
                i += 1
            } else {
                break
            }
        }
        return any
    }
    sawDigit = digits()
    if i < chars.count, chars[i] == "." {
        cleaned.append(".")
        i += 1
        sawDigit = digits() || sawDigit
    }
    guard sawDigit else { return nil }
    if i < chars.count, chars[i] == "e" {
        cleaned.append("e")
        i += 1
        if i < chars.count, chars[i] == "+" || chars[i] == "-" {
            cleaned.append(chars[i])
            i += 1
        }
        guard digits() else { return nil }
    }
    guard i == chars.count, let value = Double(cleaned) else { return nil }
    return sign * value
}

/// Jinja's `int` filter: `int(value)` (a string in `base`), else `int(float(value))`,
/// else `nil` for the default. An infinite float raises `OverflowError` as in Python.
func pythonIntFilter(_ value: JinjaValue, base: Int) throws(TemplateError) -> JinjaValue? {
    switch value.storage {
    case .undefined(let u): throw u.error
    case .bool(let b): return .int(b ? 1 : 0)
    case .int, .bigInt: return value
    case .float(let x):
        if x.isNaN { return nil }
        guard x.isFinite else { throw TemplateError(.overflow, "cannot convert float infinity to integer") }
        return JinjaValue.integerFromDouble(x.rounded(.towardZero))
    case .string(let s):
        if let parsed = parsePythonInt(s, base: base) { return parsed }
        guard let x = parsePythonFloat(s) else { return nil }
        if x.isNaN { return nil }
        guard x.isFinite else { throw TemplateError(.overflow, "cannot convert float infinity to integer") }
        return JinjaValue.integerFromDouble(x.rounded(.towardZero))
    default:
        return nil
    }
}

extension JinjaValue {
    /// Python's built-in `int(value)` for a value a template gave: an `int` as it is, a `bool`
    /// 0 or 1, a finite `float` truncated toward zero, a `str` by Python's base-10 rules
    /// (whitespace around, a sign, underscores between digits); `nil` where Python raises or the
    /// result does not fit an `Int`.
    public var pythonInt: Int? {
        switch storage {
        case .int(let value): return value
        case .bool(let value): return value ? 1 : 0
        case .float(let value): return value.isFinite ? Int(exactly: value.rounded(.towardZero)) : nil
        case .string(let text):
            guard case .int(let value)? = parsePythonInt(text, base: 10)?.storage else { return nil }
            return value
        default: return nil
        }
    }
}

/// Python's `int(text, base)`: whitespace around, a sign, underscores between digits,
/// a `0x`/`0o`/`0b` prefix matching the base (or any, for base 0).
func parsePythonInt(_ text: String, base: Int) -> JinjaValue? {
    let trimmed = StringMethods.strip(text, nil, leading: true, trailing: true)
    var body = Substring(trimmed.lowercased())
    var negative = false
    if let first = body.first, first == "+" || first == "-" {
        negative = first == "-"
        body = body.dropFirst()
    }
    var radix = base
    for (prefix, prefixBase) in [("0x", 16), ("0o", 8), ("0b", 2)] where body.hasPrefix(prefix) && (base == prefixBase || base == 0) {
        body = body.dropFirst(2)
        if body.hasPrefix("_") { body = body.dropFirst() }
        radix = prefixBase
    }
    if radix == 0 {
        radix = 10
        if body.count > 1, body.hasPrefix("0"), body.contains(where: { $0 != "0" && $0 != "_" }) { return nil }
    }
    guard (2...36).contains(radix), !body.isEmpty, !body.hasPrefix("_"), !body.hasSuffix("_"), !body.contains("__") else { return nil }
    let digits = body.filter { $0 != "_" }
    guard
        digits.allSatisfy({
            $0.isASCII
                && ($0.wholeNumberValue.map { $0 < radix }
                    ?? ($0.hexDigitValue.map { $0 < radix } ?? (Int(String($0), radix: 36).map { $0 < radix } ?? false)))
        })
    else {
        return nil
    }
    if let value = Int(String(digits), radix: radix) { return .int(negative ? -value : value) }
    if radix == 10 { return JinjaValue(storage: .bigInt(BigInteger(negative: negative, digits: String(digits)))) }
    return nil
}
