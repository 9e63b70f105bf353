import AirbyteProtocol
import DuckDB
import Foundation
import Testing

/// Numbers land exactly as the source sent them, through the built executable:
/// never through a double, every change recorded.
@Suite struct ExactNumberTests {
    static let properties: JSONObject = [
        "i": ["type": "integer"], "n": ["type": "number"], "s": ["type": "string"], "j": ["type": "object"],
    ]

    /// Syncs one record per `data` and returns, in order, `n::VARCHAR`, `i::VARCHAR`, `s`,
    /// `j::VARCHAR` and the destination's changes as `field change reason` lines.
    func load(_ data: [String]) throws -> (rows: [[String?]], changes: [[String]], harness: DestinationHarness) {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("t", properties: Self.properties)])
        try harness.sync(catalog, data.map { (0, $0) }, commitEvery: 7)
        let rows = try harness.rows(
            "SELECT n::VARCHAR, i::VARCHAR, s, j::VARCHAR, _airbyte_meta::VARCHAR FROM t ORDER BY _airbyte_extracted_at")
        return (
            rows.map { $0.prefix(4).map(\.string) },
            try rows.map { row in
                try JSONValue(parsing: row[4].string!)["changes"]!.arrayValue!.map {
                    "\($0["field"]!.stringValue!) \($0["change"]!.stringValue!) \($0["reason"]!.stringValue!)"
                }
            },
            harness
        )
    }

    @Test func theIssuesExamplesAreStoredExactly() throws {
        let (rows, changes, _) = try load([
            #"{"n": 12345678901234567890.123456789, "s": 12345678901234567890.123456789, "j": {"x": 12345678901234567890.123456789}}"#,
            #"{"n": 99999999999999999999999999999.999999999, "i": 99999999999999999999999999999999999999}"#,
            #"{"n": 0.1, "i": 3}"#,
        ])
        #expect(
            rows[0] == ["12345678901234567890.123456789", nil, "12345678901234567890.123456789", #"{"x":12345678901234567890.123456789}"#])
        #expect(rows[1] == ["99999999999999999999999999999.999999999", "99999999999999999999999999999999999999", nil, nil])
        #expect(rows[2] == ["0.100000000", "3", nil, nil])
        #expect(changes == [[], [], []])
    }

    /// Numbers of every length from 1 to 40 digits, as integers and with a
    /// fraction, into a number and an integer column.
    @Test func everyLengthFromOneToFortyDigits() throws {
        var data: [String] = []
        var expected: [(n: String?, i: String?, changes: [String])] = []
        for length in 1...40 {
            let digits = String((0..<length).map { Character(String(($0 % 9) + 1)) })  // 1234567891234…
            // As an integer.
            data.append(#"{"n": \#(digits), "i": \#(digits)}"#)
            expected.append(
                (
                    length <= 29 ? digits + ".000000000" : nil,
                    length <= 38 ? digits : nil,
                    (length > 29 ? ["n NULLED DESTINATION_FIELD_SIZE_LIMITATION"] : [])
                        + (length > 38 ? ["i NULLED DESTINATION_FIELD_SIZE_LIMITATION"] : [])
                ))
            // With all but one digit after the point: 1.234567891…; rounded past 9 decimals.
            let fraction = String(digits.dropFirst())
            let text = "-" + digits.prefix(1) + (fraction.isEmpty ? "" : "." + fraction)
            data.append(#"{"n": \#(text), "i": \#(text)}"#)
            expected.append(
                (
                    Self.roundedToNine(text), fraction.isEmpty ? text : nil,
                    (fraction.count > 9 ? ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION"] : [])
                        + (fraction.isEmpty ? [] : ["i NULLED DESTINATION_SERIALIZATION_ERROR"])
                ))
            // The same digits as a string.
            data.append(#"{"n": "\#(digits)", "i": "\#(digits)"}"#)
            expected.append(expected[expected.count - 2])
        }
        let (rows, changes, harness) = try load(data)
        for index in data.indices {
            #expect(rows[index][0] == expected[index].n, "n of \(data[index])")
            #expect(rows[index][1] == expected[index].i, "i of \(data[index])")
            #expect(changes[index].sorted() == expected[index].changes.sorted(), "changes of \(data[index])")
        }
        // Integers beyond BIGINT widened the column instead of being lost.
        #expect(
            try harness.rows("SELECT data_type FROM duckdb_columns() WHERE table_name = 't' AND column_name = 'i'") == [
                [.varchar("DECIMAL(38,0)")]
            ])
    }

    @Test func exponentsNegativeZeroAndLimits() throws {
        let cases: [(data: String, n: String?, i: String?, changes: [String])] = [
            (#"{"n": 1e5, "i": 1e5}"#, "100000.000000000", "100000", []),
            (#"{"n": 1.5E-3, "i": 1.5E-3}"#, "0.001500000", nil, ["i NULLED DESTINATION_SERIALIZATION_ERROR"]),
            (
                #"{"n": 1e400, "i": 1e400}"#, nil, nil,
                ["n NULLED DESTINATION_FIELD_SIZE_LIMITATION", "i NULLED DESTINATION_FIELD_SIZE_LIMITATION"]
            ),
            (#"{"n": 1e-400, "i": 0e-400}"#, "0.000000000", "0", ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION"]),
            (#"{"n": -0.0, "i": -0}"#, "0.000000000", "0", []),
            (#"{"n": -0, "i": -0.0}"#, "0.000000000", "0", []),
            (
                #"{"n": 1.0000000005, "i": 2.50}"#, "1.000000001", nil,
                ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION", "i NULLED DESTINATION_SERIALIZATION_ERROR"]
            ),
            (
                #"{"n": 0.30000000000000004, "i": 9223372036854775807}"#, "0.300000000", "9223372036854775807",
                ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION"]
            ),
            (
                #"{"n": -99999999999999999999999999999.999999999, "i": -9223372036854775808}"#, "-99999999999999999999999999999.999999999",
                "-9223372036854775808", []
            ),
            (
                #"{"n": 99999999999999999999999999999.9999999995, "i": 1e38}"#, nil, nil,
                ["n NULLED DESTINATION_FIELD_SIZE_LIMITATION", "i NULLED DESTINATION_FIELD_SIZE_LIMITATION"]
            ),
            (
                #"{"n": 1.23456789012345678901234567890123456789e-5, "i": 1.2345e4}"#, "0.000012346", "12345",
                ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION"]
            ),
            (#"{"n": " 12.5 ", "i": "+7"}"#, "12.500000000", "7", []),
            (
                #"{"n": "1_000", "i": true}"#, nil, nil,
                ["n NULLED DESTINATION_SERIALIZATION_ERROR", "i NULLED DESTINATION_SERIALIZATION_ERROR"]
            ),
            (
                #"{"n": {"a": 1}, "i": [1]}"#, nil, nil,
                ["n NULLED DESTINATION_SERIALIZATION_ERROR", "i NULLED DESTINATION_SERIALIZATION_ERROR"]
            ),
            (#"{"n": null, "i": null}"#, nil, nil, []),
        ]
        let (rows, changes, _) = try load(cases.map(\.data))
        for (index, expected) in cases.enumerated() {
            #expect(rows[index][0] == expected.n, "n of \(expected.data)")
            #expect(rows[index][1] == expected.i, "i of \(expected.data)")
            #expect(changes[index].sorted() == expected.changes.sorted(), "changes of \(expected.data)")
        }
    }

    /// A record with a long number has its numbers marked in the spool; text and
    /// JSON columns must still get the source's values back, including strings that
    /// hold the marker's own control character.
    @Test func textAndJSONColumnsOfRecordsWithLongNumbersKeepTheSourcesValues() throws {
        let (rows, changes, _) = try load([
            #"{"n": 1.2345678901234567, "s": "\u0001N5", "j": {"a": [1.23456789012345678, "\u0001N", {"\u0001": "\u0001\u0002"}], "b": 1.5}}"#,
            #"{"n": 1.5, "s": "\u0001N5", "j": {"a": "\u0001N7"}}"#,
            #"{"n": 1e-400, "s": 1e-400, "j": [1e-400, -1.00000000000000000001e+300]}"#,
        ])
        #expect(rows[0] == ["1.234567890", nil, "\u{1}N5", #"{"a":[1.23456789012345678,"\u0001N",{"\u0001":"\u0001\u0002"}],"b":1.5}"#])
        #expect(rows[1] == ["1.500000000", nil, "\u{1}N5", #"{"a":"\u0001N7"}"#])
        #expect(rows[2] == ["0.000000000", nil, "1e-400", "[1e-400,-1.00000000000000000001e+300]"])
        #expect(changes[0] == ["n TRUNCATED DESTINATION_FIELD_SIZE_LIMITATION"])
    }

    /// `text` rounded half away from zero to 9 decimals, as DuckDB prints DECIMAL(38,9).
    static func roundedToNine(_ text: String) -> String {
        let negative = text.hasPrefix("-")
        let body = negative ? String(text.dropFirst()) : text
        let parts = body.split(separator: ".", omittingEmptySubsequences: false)
        var digits = Array(
            String(parts[0])
                + (parts.count > 1
                    ? String(parts[1]).padding(toLength: max(parts[1].count, 10), withPad: "0", startingAt: 0) : "0000000000"))
        let integerCount = parts[0].count
        let roundUp = digits[integerCount + 9] >= "5"
        digits = Array(digits[..<(integerCount + 9)])
        if roundUp {
            var index = digits.count - 1
            while index >= 0, digits[index] == "9" {
                digits[index] = "0"
                index -= 1
            }
            if index >= 0 { digits[index] = Character(String(Int(String(digits[index]))! + 1)) } else { digits.insert("1", at: 0) }
        }
        let integer = String(digits[..<(digits.count - 9)])
        let fraction = String(digits[(digits.count - 9)...])
        let isZero = (integer + fraction).allSatisfy { $0 == "0" }
        return (negative && !isZero ? "-" : "") + integer + "." + fraction
    }
}
