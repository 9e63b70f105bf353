import Testing

@testable import DuckDB

@Suite struct ScalarFunctionTests {
    let connection: Connection

    init() throws {
        connection = try Database().connect()
    }

    @Test func decimalFunctionReturnsValueAndCodePerRowAndNullForNullInput() throws {
        try connection.registerNumberFunction(named: "digits", returning: .decimal38(scale: 2)) { text, flag in
            // The number of bytes as hundredths, and the flag as the code; "none" is NULL.
            let string = String(decoding: text, as: UTF8.self)
            return DecimalFunctionResult(value: string == "none" ? nil : Int128(text.count), code: flag ? 1 : 0)
        }
        let rows = try connection.query(
            """
            SELECT (digits(t, f)).v::VARCHAR, (digits(t, f)).c, digits(t, f) IS NULL
            FROM (VALUES ('abc', true), ('a much longer text than twelve bytes', false), ('none', true), (NULL, false), ('x', NULL)) v(t, f)
            """
        ).rows()
        #expect(
            rows == [
                [.varchar("0.03"), .integer(1), .boolean(false)],
                [.varchar("0.36"), .integer(0), .boolean(false)],
                [.null, .integer(1), .boolean(false)],
                [.null, .null, .boolean(true)],
                [.null, .null, .boolean(true)],
            ])
        #expect(try connection.query("SELECT typeof(digits('1', true))").rows() == [[.varchar("STRUCT(v DECIMAL(38,2), c UTINYINT)")]])
    }

    @Test func aLargeInputSpansManyVectors() throws {
        try connection.registerNumberFunction(named: "len38", returning: .decimal38(scale: 0)) { text, _ in
            DecimalFunctionResult(value: Int128(text.count) * 10_000_000_000_000_000_000_000_000_000, code: 0)
        }
        let sum = try connection.scalar("SELECT sum((len38(repeat('x', (i % 50)::INTEGER), false)).v)::VARCHAR FROM range(100000) t(i)")
        // 2,000 rows of each length 0...49: 2000 × (0+…+49) × 10^28.
        #expect(sum == .varchar("2450000" + String(repeating: "0", count: 28)))
    }

    @Test func bigintFunctionReturnsSixtyFourBitValues() throws {
        try connection.registerNumberFunction(named: "negated_length", returning: .bigint) { text, _ in
            DecimalFunctionResult(value: -Int128(text.count) * 1_000_000_000_000, code: 7)
        }
        #expect(
            try connection.query("SELECT typeof(negated_length('abc', true)), (negated_length('abc', true)).v").rows()
                == [[.varchar("STRUCT(v BIGINT, c UTINYINT)"), .integer(-3_000_000_000_000)]])
    }

    @Test func textFunctionBuildsEachRowsTextAndCanReturnJSON() throws {
        try connection.registerTextFunction(named: "shout", returnsJSON: false) { text, output in
            output.append(contentsOf: text.map { $0 >= 0x61 && $0 <= 0x7A ? $0 - 32 : $0 })
            output.append(0x21)
        }
        try connection.registerTextFunction(named: "wrap", returnsJSON: true) { text, output in
            output.append(contentsOf: Array("[".utf8) + Array(text) + Array("]".utf8))
        }
        #expect(
            try connection.query("SELECT shout(t) FROM (VALUES ('hi'), (NULL), (''), ('a longer text, past the inline size')) v(t)").rows()
                == [[.varchar("HI!")], [.null], [.varchar("!")], [.varchar("A LONGER TEXT, PAST THE INLINE SIZE!")]])
        #expect(try connection.query("SELECT typeof(wrap('1')), wrap('1,2') -> '$[1]'").rows() == [[.varchar("JSON"), .varchar("2")]])
    }

    @Test func registeringAgainReplacesTheFunction() throws {
        try connection.registerTextFunction(named: "version_of", returnsJSON: false) { _, output in output.append(0x31) }
        try connection.registerTextFunction(named: "version_of", returnsJSON: false) { _, output in output.append(0x32) }
        #expect(try connection.scalar("SELECT version_of('x')") == .varchar("2"))
        // Other connections to the same database see it.
        #expect(try connection.database.connect().scalar("SELECT version_of('x')") == .varchar("2"))
    }
}
