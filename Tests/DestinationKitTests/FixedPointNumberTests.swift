import Testing

@testable import DestinationKit

@Suite struct FixedPointNumberTests {
    func convert(_ text: String, scale: Int = 9, digits: Int = 38) -> FixedPointNumber.Conversion {
        Array(text.utf8).withUnsafeBytes { FixedPointNumber.convert($0, scale: scale, maximumDigits: digits) }
    }

    @Test func examplesFromTheIssue() {
        #expect(convert("12345678901234567890.123456789") == .exact(12_345_678_901_234_567_890_123_456_789))
        #expect(convert("99999999999999999999999999999.999999999") == .exact(99_999_999_999_999_999_999_999_999_999_999_999_999))
        #expect(convert("99999999999999999999999999999.9999999995") == .tooLarge)  // rounds up to 30 integer digits
        #expect(convert("100000000000000000000000000000") == .tooLarge)
        #expect(convert("-99999999999999999999999999999.999999999") == .exact(-99_999_999_999_999_999_999_999_999_999_999_999_999))
    }

    @Test func roundingIsHalfAwayFromZeroAndReported() {
        #expect(convert("1.0000000005") == .rounded(1_000_000_001))
        #expect(convert("1.0000000004999") == .rounded(1_000_000_000))
        #expect(convert("-1.0000000005") == .rounded(-1_000_000_001))
        #expect(convert("0.00000000049") == .rounded(0))
        #expect(convert("0.0000000005") == .rounded(1))
        #expect(convert("1.0000000000000") == .exact(1_000_000_000))  // zeros past the scale change nothing
        #expect(convert("2.5", scale: 0) == .rounded(3))
        #expect(convert("-2.5", scale: 0) == .rounded(-3))
    }

    @Test func exponentsNegativeZeroAndSpellings() {
        #expect(convert("1e5") == .exact(100_000_000_000_000))
        #expect(convert("1.5E-3") == .exact(1_500_000))
        #expect(convert("1.5e+3") == .exact(1_500_000_000_000))
        #expect(convert("15e-10") == .rounded(2))
        #expect(convert("1e400") == .tooLarge)
        #expect(convert("1e-400") == .rounded(0))
        #expect(convert("1e999999999999999999") == .tooLarge)
        #expect(convert("0e999999999999999999") == .exact(0))
        #expect(convert("-0") == .exact(0))
        #expect(convert("-0.0") == .exact(0))
        #expect(convert("-0e-5") == .exact(0))
        #expect(convert("000123.4500") == .exact(123_450_000_000))
        #expect(convert(" +7 ") == .exact(7_000_000_000))
        #expect(convert(".5") == .exact(500_000_000))
        #expect(convert("5.") == .exact(5_000_000_000))
        #expect(convert("3.0", scale: 0) == .exact(3))
        #expect(convert("1e3", scale: 0) == .exact(1000))
        #expect(convert("1.5e1", scale: 0) == .exact(15))
    }

    @Test(arguments: [
        "", " ", "-", "+", ".", "e5", "1e", "1e+", "1.2.3", "1_000", "0x10", "NaN", "Infinity", "-inf", "1 2",
        "١٢", "12a", "--1", "+-1", "1e5.5", "\"1\"", "true",
    ])
    func notNumbers(text: String) {
        #expect(convert(text) == .notANumber)
    }

    @Test func limitsOfThirtyEightDigits() {
        let max38 = String(repeating: "9", count: 38)
        #expect(convert(max38, scale: 0) == .exact(Int128(max38)!))
        #expect(convert("-" + max38, scale: 0) == .exact(-Int128(max38)!))
        #expect(convert(max38 + ".4", scale: 0) == .rounded(Int128(max38)!))
        #expect(convert(max38 + ".5", scale: 0) == .tooLarge)
        #expect(convert("1" + String(repeating: "0", count: 38), scale: 0) == .tooLarge)
        #expect(convert("9223372036854775808", scale: 0) == .exact(9_223_372_036_854_775_808))
        #expect(convert("123", scale: 9, digits: 11) == .tooLarge)
        #expect(convert("12", scale: 9, digits: 11) == .exact(12_000_000_000))
    }

    /// Every length from 1 to 40 digits, with the point at every position, with
    /// and without a sign and an exponent, against a reference that shifts the
    /// point in the text and rounds the text.
    @Test func everyLengthFromOneToFortyDigitsAgainstAReference() {
        var checked = 0
        for length in 1...40 {
            let digits = String((0..<length).map { Character(String(($0 * 7 + length) % 10)) })
            for point in 0...length {
                let integer = String(digits.prefix(point))
                let fraction = String(digits.dropFirst(point))
                for exponent in [nil, 0, 5, -5, 30] as [Int?] {
                    for sign in ["", "-"] {
                        var text = sign + (integer.isEmpty ? "0" : integer)
                        if !fraction.isEmpty { text += "." + fraction }
                        if let exponent { text += "e\(exponent)" }
                        for scale in [0, 9] {
                            #expect(convert(text, scale: scale) == Self.reference(text, scale: scale), "\(text) at scale \(scale)")
                            checked += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 8_000)
    }

    /// The conversion by text manipulation: move the point, cut at the scale,
    /// round the kept digits as text.
    static func reference(_ text: String, scale: Int) -> FixedPointNumber.Conversion {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        var exponent = 0
        if let e = rest.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(rest[rest.index(after: e)...])!
            rest = rest[..<e]
        }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(String(parts[0]) + (parts.count > 1 ? String(parts[1]) : ""))
        var point = parts[0].count + exponent + scale  // digits before the point, in units
        if point < 0 {
            digits = Array(repeating: "0", count: -point) + digits
            point = 0
        }
        if point > digits.count { digits += Array(repeating: "0", count: point - digits.count) }
        var kept = Array(digits[..<point])
        let dropped = digits[point...]
        let roundsUp = (dropped.first ?? "0") >= "5"
        let lost = dropped.contains { $0 != "0" }
        if roundsUp {
            var index = kept.count - 1
            while index >= 0, kept[index] == "9" {
                kept[index] = "0"
                index -= 1
            }
            if index >= 0 { kept[index] = Character(String(Int(String(kept[index]))! + 1)) } else { kept.insert("1", at: 0) }
        }
        let significant = kept.drop { $0 == "0" }
        guard significant.count <= 38 else { return .tooLarge }
        let magnitude = Int128(String(significant.isEmpty ? ["0"] : Array(significant)))!
        let value = negative ? -magnitude : magnitude
        return lost ? .rounded(value) : .exact(value)
    }
}
