/// An integer too large for `Int`, kept as its exact decimal digits.
///
/// Rendering, comparison, hashing and JSON output are exact; arithmetic converts to
/// `Double` (see ``JinjaValue``).
struct BigInteger: Sendable, Hashable {
    let negative: Bool
    /// Decimal digits without sign or leading zeros.
    let digits: String

    init(negative: Bool, digits: String) {
        let trimmed = digits.drop { $0 == "0" }
        self.digits = trimmed.isEmpty ? "0" : String(trimmed)
        self.negative = negative && self.digits != "0"
    }

    /// From optionally signed decimal text.
    init?(decimal text: String) {
        var body = Substring(text)
        var negative = false
        if let first = body.first, first == "-" || first == "+" {
            negative = first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        self.init(negative: negative, digits: String(body))
    }

    var description: String { negative ? "-" + digits : digits }
    var doubleValue: Double { Double(description) ?? (negative ? -.infinity : .infinity) }

    /// The value as an `Int` when it fits.
    var intValue: Int? { Int(description) }

    static func compare(_ a: BigInteger, _ b: BigInteger) -> Int {
        if a.negative != b.negative { return a.negative ? -1 : 1 }
        var magnitude: Int
        if a.digits.count != b.digits.count {
            magnitude = a.digits.count < b.digits.count ? -1 : 1
        } else {
            magnitude = a.digits == b.digits ? 0 : (a.digits < b.digits ? -1 : 1)
        }
        return a.negative ? -magnitude : magnitude
    }

    /// -1, 0 or 1 comparing with an `Int` (which always has fewer digits unless equal-sized).
    static func compare(_ a: BigInteger, _ b: Int) -> Int {
        compare(a, BigInteger(negative: b < 0, digits: String(b.magnitude)))
    }
}

/// Exact `+`, `-` and `*` for integers beyond 64 bits (schoolbook, base 10⁹ limbs).
extension BigInteger {
    init(_ value: Int) {
        self.init(negative: value < 0, digits: String(value.magnitude))
    }

    private var limbs: [UInt64] {
        var result: [UInt64] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -9, limitedBy: digits.startIndex) ?? digits.startIndex
            result.append(UInt64(digits[start..<end]) ?? 0)
            end = start
        }
        return result
    }

    private static func digits(of limbs: [UInt64]) -> String {
        var trimmed = limbs
        while trimmed.count > 1, trimmed.last == 0 { trimmed.removeLast() }
        var text = String(trimmed.last ?? 0)
        for limb in trimmed.dropLast().reversed() {
            let part = String(limb)
            text += String(repeating: "0", count: 9 - part.count) + part
        }
        return text
    }

    private static func compareMagnitudes(_ a: [UInt64], _ b: [UInt64]) -> Int {
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        for (x, y) in zip(a.reversed(), b.reversed()) where x != y { return x < y ? -1 : 1 }
        return 0
    }

    private static func addMagnitudes(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        var carry: UInt64 = 0
        for i in 0..<max(a.count, b.count) {
            let sum = (i < a.count ? a[i] : 0) + (i < b.count ? b[i] : 0) + carry
            result.append(sum % 1_000_000_000)
            carry = sum / 1_000_000_000
        }
        if carry > 0 { result.append(carry) }
        return result
    }

    /// `a - b` for `a >= b`.
    private static func subtractMagnitudes(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        var borrow: UInt64 = 0
        for i in 0..<a.count {
            let subtrahend = (i < b.count ? b[i] : 0) + borrow
            if a[i] >= subtrahend {
                result.append(a[i] - subtrahend)
                borrow = 0
            } else {
                result.append(a[i] + 1_000_000_000 - subtrahend)
                borrow = 1
            }
        }
        return result
    }

    static func + (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        let (a, b) = (lhs.limbs, rhs.limbs)
        if lhs.negative == rhs.negative {
            return BigInteger(negative: lhs.negative, digits: digits(of: addMagnitudes(a, b)))
        }
        let order = compareMagnitudes(a, b)
        if order == 0 { return BigInteger(negative: false, digits: "0") }
        return order > 0
            ? BigInteger(negative: lhs.negative, digits: digits(of: subtractMagnitudes(a, b)))
            : BigInteger(negative: rhs.negative, digits: digits(of: subtractMagnitudes(b, a)))
    }

    static prefix func - (value: BigInteger) -> BigInteger {
        BigInteger(negative: !value.negative, digits: value.digits)
    }

    static func - (lhs: BigInteger, rhs: BigInteger) -> BigInteger { lhs + (-rhs) }

    static func * (lhs: BigInteger, rhs: BigInteger) -> BigInteger {
        let (a, b) = (lhs.limbs, rhs.limbs)
        var result = [UInt64](repeating: 0, count: a.count + b.count + 1)
        for (i, x) in a.enumerated() {
            var carry: UInt64 = 0
            for (j, y) in b.enumerated() {
                let product = result[i + j] + x * y + carry
                result[i + j] = product % 1_000_000_000
                carry = product / 1_000_000_000
            }
            var k = i + b.count
            while carry > 0 {
                let sum = result[k] + carry
                result[k] = sum % 1_000_000_000
                carry = sum / 1_000_000_000
                k += 1
            }
        }
        return BigInteger(negative: lhs.negative != rhs.negative, digits: digits(of: result))
    }

    /// The value as a Jinja integer: 64-bit when it fits.
    var jinjaValue: JinjaValue {
        if let small = intValue { return .int(small) }
        return JinjaValue(storage: .bigInt(self))
    }
}
