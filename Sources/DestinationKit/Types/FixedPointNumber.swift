/// A number's text converted exactly to a fixed-point value: an integer count
/// of 10^-`scale` units with at most `maximumDigits` digits, the way a
/// `DECIMAL(maximumDigits, scale)` column stores it.
///
/// Reads the text digit by digit, never through a `Double`, so every digit
/// the source sent counts: `12345678901234567890.123456789` at scale 9 is
/// exactly `12345678901234567890123456789` units. Rounds half away from zero
/// past `scale` digits and says so; what needs more than `maximumDigits`
/// digits is too large. Allocates nothing, for use on every value of a load.
///
/// Accepted text: optional whitespace, an optional `+` or `-`, digits with an
/// optional `.` and fraction (at least one digit in all; `.5` and `5.` are
/// read), an optional exponent (`e` or `E`, optional sign, digits), optional
/// whitespace. That is JSON's number grammar, widened for numbers sent as
/// strings. Anything else (`1_000`, `0x10`, `NaN`, `Infinity`, ``) is not a number.
package enum FixedPointNumber {
    /// What the text converts to.
    package enum Conversion: Equatable, Sendable {
        /// The value, exactly (`-0` and `-0.0` are 0).
        case exact(Int128)
        /// The value rounded half away from zero to `scale` fractional digits:
        /// the text had more, not all zero.
        case rounded(Int128)
        /// A number whose integer part needs more than `maximumDigits - scale` digits
        /// (after rounding).
        case tooLarge
        /// Not a number by the grammar above.
        case notANumber
    }

    /// Exponents are clamped to this magnitude: enough for any value the
    /// columns hold to decide "too large" or "rounds", and no overflow.
    static let exponentLimit = 100_000

    /// Converts `text` at `scale` (0...38) to at most `maximumDigits` (1...38) digits.
    package static func convert(_ text: UnsafeRawBufferPointer, scale: Int, maximumDigits: Int = 38) -> Conversion {
        precondition((0...38).contains(scale) && (1...38).contains(maximumDigits) && scale <= maximumDigits)
        if let plain = plainDecimal(text, scale: scale, maximumDigits: maximumDigits) { return .exact(plain) }
        return general(text, scale: scale, maximumDigits: maximumDigits)
    }

    /// The common case in one pass and 64 bits: `-?digits(.digits)?` with at most
    /// 18 digits in all and at most `scale` of them after the point; nil for
    /// anything else, which ``general(_:scale:maximumDigits:)`` reads.
    @inline(__always)
    static func plainDecimal(_ text: UnsafeRawBufferPointer, scale: Int, maximumDigits: Int) -> Int128? {
        let count = text.count
        guard count > 0, count <= 20 else { return nil }
        var index = 0
        let negative = text[0] == 0x2D
        if negative { index = 1 }
        var value: UInt64 = 0
        var digits = 0
        var fraction = -1  // digits after the point; -1 before it
        while index < count {
            let byte = text[index]
            let digit = byte &- 0x30
            if digit < 10 {
                value = value &* 10 &+ UInt64(digit)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == 0x2E, fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            index += 1
        }
        let decimals = max(fraction, 0)
        guard digits > 0, digits <= 18, decimals <= scale, scale - decimals <= 19, digits - decimals + scale <= maximumDigits else {
            return nil
        }
        // value × 10^(scale - decimals): one 64 × 64 → 128-bit multiply.
        let product = value.multipliedFullWidth(by: powerOfTen(scale - decimals))
        let units = Int128(UInt128(product.high) << 64 | UInt128(product.low))
        return negative ? -units : units
    }

    /// 10^exponent for 0...19. A switch of constants rather than a global array: the
    /// array's lazy initialization check and bounds check ran on every number of a load.
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: 10_000_000_000_000_000_000
        }
    }

    /// Any text the grammar above accepts, digit by digit in 128 bits.
    static func general(_ text: UnsafeRawBufferPointer, scale: Int, maximumDigits: Int) -> Conversion {
        let bytes = text.bindMemory(to: UInt8.self)
        var index = 0
        let end = bytes.count
        @inline(__always) func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }
        while index < end, isSpace(bytes[index]) { index += 1 }
        var negative = false
        if index < end, bytes[index] == 0x2D || bytes[index] == 0x2B {  // - +
            negative = bytes[index] == 0x2D
            index += 1
        }
        // Digits before and after the point, as ranges of `bytes`.
        let integerStart = index
        while index < end, isDigit(bytes[index]) { index += 1 }
        let integerEnd = index
        var fractionStart = index
        var fractionEnd = index
        if index < end, bytes[index] == 0x2E {  // .
            index += 1
            fractionStart = index
            while index < end, isDigit(bytes[index]) { index += 1 }
            fractionEnd = index
        }
        guard integerEnd > integerStart || fractionEnd > fractionStart else { return .notANumber }
        var exponent = 0
        if index < end, bytes[index] | 0x20 == 0x65 {  // e E
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == 0x2D || bytes[index] == 0x2B {
                exponentNegative = bytes[index] == 0x2D
                index += 1
            }
            let exponentStart = index
            while index < end, isDigit(bytes[index]) {
                exponent = min(exponent * 10 + Int(bytes[index] &- 0x30), exponentLimit)
                index += 1
            }
            guard index > exponentStart else { return .notANumber }
            if exponentNegative { exponent = -exponent }
        }
        while index < end, isSpace(bytes[index]) { index += 1 }
        guard index == end else { return .notANumber }

        // The significant digits d1 d2 … dn (leading zeros skipped, across the point) make
        // the value d1…dn × 10^power; in units of 10^-scale, digit i has weight
        // 10^(n - i + power + scale). Digits with a negative weight are rounded off.
        var first = integerStart
        var firstInFraction = false
        while first < integerEnd, bytes[first] == 0x30 { first += 1 }
        if first == integerEnd {
            first = fractionStart
            firstInFraction = true
            while first < fractionEnd, bytes[first] == 0x30 { first += 1 }
            if first == fractionEnd { return .exact(0) }
        }
        let significant = (firstInFraction ? 0 : integerEnd - first) + (fractionEnd - (firstInFraction ? first : fractionStart))
        let power = exponent - (fractionEnd - fractionStart)
        // Digits of the result before rounding: those with a weight of 1 or more.
        let kept = significant + power + scale
        if kept > maximumDigits { return .tooLarge }

        var units: UInt128 = 0
        var roundingDigit: UInt8 = 0
        var sticky = false
        var position = 0  // index among the significant digits
        var cursor = first
        while position < significant {
            if cursor == integerEnd { cursor = fractionStart }
            let digit = bytes[cursor] &- 0x30
            if position < kept {
                units = units &* 10 &+ UInt128(digit)
            } else if position == kept {
                roundingDigit = digit
            } else if digit != 0 {
                sticky = true
            }
            position += 1
            cursor += 1
        }
        if kept > significant {
            // Trailing zeros of the unit count (kept <= maximumDigits <= 38, so no overflow).
            for _ in 0..<(kept - significant) { units &*= 10 }
        }
        let rounded = roundingDigit != 0 || sticky || kept < 0 && significant > 0
        if roundingDigit >= 5 {
            units &+= 1
            if units >= pow10(maximumDigits) { return .tooLarge }
        }
        let value = negative ? -Int128(units) : Int128(units)
        return rounded ? .rounded(value) : .exact(value)
    }

    /// 10^exponent for 0...38.
    static func pow10(_ exponent: Int) -> UInt128 {
        var result: UInt128 = 1
        for _ in 0..<exponent { result &*= 10 }
        return result
    }
}
