public import Foundation

/// An exact DECIMAL value: `value / 10^scale`, as DuckDB stores it, with no
/// floating-point round trip. `DuckDBDecimal(string: "12.50", scale: 9)`
/// and `.description == "12.500000000"`.
public struct DuckDBDecimal: Sendable, Hashable, CustomStringConvertible {
    /// The unscaled integer: 12.5 at scale 9 is 12_500_000_000.
    public var value: Int128
    /// Total significant digits the column holds (1...38).
    public var width: UInt8
    /// Digits after the decimal point.
    public var scale: UInt8

    public init(value: Int128, width: UInt8, scale: UInt8) {
        self.value = value
        self.width = width
        self.scale = scale
    }

    /// Parses a plain decimal literal (`-12.5`, `3`, `.5`, no exponent) at exactly `scale`
    /// digits, `nil` when it has more fractional digits than `scale` or more than `width` digits.
    public init?(string text: some StringProtocol, width: UInt8 = 38, scale: UInt8) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative || digits.first == "+" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, parts.count <= 2 else { return nil }
        var fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
            whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
        else { return nil }
        while fraction.count > Int(scale), fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= Int(scale) else { return nil }
        let padded = String(whole) + fraction + String(repeating: "0", count: Int(scale) - fraction.count)
        let significant = padded.drop { $0 == "0" }
        guard significant.count <= Int(width), let magnitude = significant.isEmpty ? 0 : Int128(significant) else { return nil }
        self.init(value: negative ? -magnitude : magnitude, width: width, scale: scale)
    }

    /// A Foundation `Decimal` with its own scale, `nil` beyond 38 significant digits.
    public init?(exactly decimal: Decimal) {
        let text = decimal.description  // Foundation prints Decimal exactly, without exponent.
        let fractionDigits = text.split(separator: ".").dropFirst().first?.count ?? 0
        self.init(string: text, width: 38, scale: UInt8(fractionDigits))
    }

    /// The exact text, with `scale` fractional digits.
    public var description: String {
        let magnitude = value.magnitude
        var digits = String(magnitude)
        if scale == 0 { return (value < 0 ? "-" : "") + digits }
        if digits.count <= Int(scale) { digits = String(repeating: "0", count: Int(scale) - digits.count + 1) + digits }
        let point = digits.index(digits.endIndex, offsetBy: -Int(scale))
        return (value < 0 ? "-" : "") + digits[..<point] + "." + digits[point...]
    }

    /// The value as a Foundation `Decimal` (exact: Decimal holds 38 digits).
    public var decimal: Decimal { Decimal(string: description)! }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
