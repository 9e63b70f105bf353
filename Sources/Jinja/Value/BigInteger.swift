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
