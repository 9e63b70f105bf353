import Testing

@testable import AirbyteProtocol

/// `ScannedRecord.hasLongNumbers`: the reader's cheap, inline answer to "may a
/// double-based parser change a number in this record's data?".
@Suite struct LongNumberScanTests {
    func flag(_ data: String) throws -> Bool {
        let line = #"{"type":"RECORD","record":{"stream":"s","data":\#(data),"emitted_at":1,"meta":{"x":1.00000000000000000001}}}"#
        let reader = MessageReader(bytes: Array(line.utf8))
        guard case .record(let record)? = try reader.next()?.content else {
            Issue.record("not a record: \(data)")
            return false
        }
        return record.hasLongNumbers
    }

    @Test(
        arguments: [
            // Short numbers and integers of any length: never long.
            (#"{}"#, false),
            (#"{"a":1.5,"b":-0.0,"c":1e5,"d":1.5E-3,"e":123456789012345}"#, false),
            (#"{"a":12345678901234.5,"b":0.12345678901234,"c":1.23456789012345e-5}"#, false),  // 15 digits
            (#"{"id":12345678901234567890123456789012345678901234567890}"#, false),
            (#"{"a":-9223372036854775809,"b":[18446744073709551616]}"#, false),
            (#"{"a":1e99,"b":1E+99,"c":1e-99}"#, false),
            (#"{"t":true,"f":false,"n":null,"x":[true,false,null]}"#, false),
            // Digits inside strings and keys do not count.
            (#"{"s":"1234567890.1234567890","12345678901234567.5":1}"#, false),
            (#"{"s":"\"1.2345678901234567e400"}"#, false),
            // Long: 16+ mantissa digits with a fraction or exponent, or a 3-digit exponent.
            (#"{"a":12345678901234567890.123456789}"#, true),
            (#"{"a":1234567890123456.0}"#, true),
            (#"{"a":0.1234567890123456}"#, true),
            (#"{"a":1234567890123456e0}"#, true),
            (#"{"a":1e400}"#, true),
            (#"{"a":1e-400}"#, true),
            (#"{"a":-4.9E-324}"#, true),
            (#"{"a":[1,2,[3,{"b":99999999999999999999999999999.999999999}]]}"#, true),
            (#"{"a":1.5,"b":true,"c":0.30000000000000004}"#, true),
            (#"{"a":0.30000000000000004}"#, true),
            (#"{ "a" : 1.2345678901234567 }"#, true),
        ] as [(String, Bool)])
    func flagsLongNumbersOnly(data: String, expected: Bool) throws {
        #expect(try flag(data) == expected, "\(data)")
    }

    /// Runs of digits are skipped eight bytes at a time: every length, on both sides of each boundary.
    @Test func digitRunsOfEveryLengthAreCounted() throws {
        for length in 1...40 {
            let digits = String(repeating: "7", count: length)
            #expect(try flag(#"{"a":\#(digits).5}"#) == (length + 1 >= 16), "\(length) digits, then .5")
            #expect(try flag(#"{"a":0.\#(digits)}"#) == (length + 1 >= 16), "0. then \(length) digits")
            #expect(try flag(#"{"a":\#(digits)}"#) == false, "an integer of \(length) digits")
            #expect(try flag(#"{"a":[\#(digits),1.5],"b":"\#(digits)"}"#) == false, "\(length) digits in an array")
        }
    }

    @Test func eightDigitsAreTheTenDigitBytesOnly() {
        func word(_ text: String) -> UInt64 {
            Array(text.utf8).withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
        }
        #expect(LineScanner.isEightDigits(word("01234567")))
        #expect(LineScanner.isEightDigits(word("99999999")))
        for position in 0..<8 {
            for other in ["/", ":", ".", "-", "e", "\u{00}", "\u{FF}"] {
                var bytes = Array("12345678".utf8)
                bytes[position] = Array(other.utf8).last!
                let text = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                #expect(!LineScanner.isEightDigits(text), "\(other) at \(position)")
            }
        }
    }

    @Test func aLongNumberEndingAnArrayOrObjectCounts() throws {
        #expect(try flag(#"{"a":[1.2345678901234567]}"#))
        #expect(try flag(#"{"a":{"b":1.2345678901234567}}"#))
        #expect(try flag(#"{"a":1.2345678901234567}"#))
        #expect(try !flag(#"{"a":[1.23456789012345]}"#))
    }

    /// Against a reference: random records whose numbers are written in many
    /// spellings; the flag must equal the rule applied to each number's text.
    @Test func agreesWithTheRuleOnRandomRecords() throws {
        var generator = SeededGenerator(seed: 14)
        for _ in 0..<2_000 {
            var numbers: [String] = []
            let value = Self.randomValue(depth: 0, numbers: &numbers, using: &generator)
            let data = JSONValue.object(["v": value, "s": .string(numbers.first ?? "")]).randomText(using: &generator)
            let expected = numbers.contains(where: Self.isLong)
            #expect(try flag(data) == expected, "\(data)")
        }
    }

    static func isLong(_ number: String) -> Bool {
        let lowered = number.lowercased()
        guard lowered.contains(".") || lowered.contains("e") else { return false }
        let parts = lowered.split(separator: "e", maxSplits: 1)
        let mantissa = parts[0].filter(\.isNumber).count
        let exponent = parts.count > 1 ? parts[1].filter(\.isNumber).count : 0
        return mantissa >= 16 || exponent >= 3
    }

    static func randomNumber(using generator: inout SeededGenerator) -> String {
        let digits = (0..<Int.random(in: 1...22, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
        var integer = digits.joined().drop { $0 == "0" }
        if integer.isEmpty { integer = "0" }
        var text = (Bool.random(using: &generator) ? "-" : "") + integer
        if Bool.random(using: &generator) {
            text +=
                "." + (0..<Int.random(in: 1...20, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }.joined()
        }
        if Int.random(in: 0..<4, using: &generator) == 0 {
            text += ["e", "E", "e+", "e-", "E-"].randomElement(using: &generator)! + String(Int.random(in: 0...999, using: &generator))
        }
        return text
    }

    static func randomValue(depth: Int, numbers: inout [String], using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
        case 0, 1:
            let number = randomNumber(using: &generator)
            numbers.append(number)
            return .number(number)
        case 2: return .string(randomNumber(using: &generator) + "x")
        case 3: return [.bool(true), .bool(false), .null].randomElement(using: &generator)!
        case 4: return .string("e1.2345678901234567")
        case 5:
            return .array(
                (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    randomValue(depth: depth + 1, numbers: &numbers, using: &generator)
                })
        default:
            var object = JSONObject()
            for index in 0..<Int.random(in: 0...4, using: &generator) {
                object["k\(index)"] = randomValue(depth: depth + 1, numbers: &numbers, using: &generator)
            }
            return .object(object)
        }
    }
}
