import Foundation
import Testing

@testable import DuckDB

/// `DuckDBValue.text` against DuckDB's own `CAST(… AS VARCHAR)`, and `jsonText`
/// against Foundation's JSON parser.
@Suite struct ValueTextTests {
    let connection: Connection

    init() throws {
        connection = try Database().connect()
    }

    @Test(arguments: [
        "42::TINYINT", "-9223372036854775807::BIGINT", "18446744073709551615::UBIGINT",
        "170141183460469231731687303715884105727::HUGEINT", "1.5::DOUBLE", "1e20::DOUBLE", "0.5::FLOAT",
        "'12.50'::DECIMAL(10,2)", "'-0.005'::DECIMAL(38,9)", "true", "'it''s'",
        "DATE '2024-02-29'", "DATE '1969-12-31'", "DATE '0001-01-01'", "DATE '0044-03-15' - INTERVAL 100 YEAR",
        "TIME '23:59:59.5'", "TIME '00:00:00'", "TIMESTAMP '2024-05-01 12:30:00.25'", "TIMESTAMP '1960-01-01 00:00:00.000001'",
        "TIMESTAMPTZ '2024-05-01 12:30:00+02'", "TIMESTAMP_MS '2024-05-01 12:30:00.123'",
        "INTERVAL '1 year 2 months 3 days 04:05:06.5'", "INTERVAL '-3 days'", "INTERVAL '0 seconds'",
        "'5f2c8f3a-1d2e-4b6f-9a0b-123456789abc'::UUID", "[1, 2, NULL]", "['a', 'b']",
        "['a b', 'a,b', 'it''s', '', 'NULL', ' x', '[y]', 'k:v']", "{'a': 1, 'b': 'x'}",
        "'\\x00ab'::BLOB",
    ])
    func textMatchesDuckDBsCastToVarchar(_ expression: String) throws {
        let row = try connection.query("SELECT \(expression), CAST(\(expression) AS VARCHAR)").rows()[0]
        #expect(row[0].text == row[1].string, "\(expression)")
    }

    @Test func nullReadsAsNULL() throws {
        #expect(DuckDBValue.null.text == "NULL")
        #expect(DuckDBValue.null.jsonText == "null")
    }

    @Test func jsonTextIsValidJSONWithExactNumbers() throws {
        let row = try connection.query(
            """
            SELECT 12345678901234567890::HUGEINT, '0.100000000'::DECIMAL(38,9), 'a"b\\c' || chr(10), NULL, [1, 2],
                   {'k': 'v', 'n': [true]}, DATE '2024-01-02', 'nan'::DOUBLE, MAP {'x': 1}
            """
        ).rows()[0]
        let texts = row.map(\.jsonText)
        #expect(texts[0] == "12345678901234567890")
        #expect(texts[1] == "0.100000000")
        #expect(texts[6] == "\"2024-01-02\"")
        #expect(texts[7] == "null")
        #expect(texts[8] == #"{"x":1}"#)
        let parsed = try JSONSerialization.jsonObject(with: Data(("[" + texts.joined(separator: ",") + "]").utf8)) as? [Any]
        #expect(parsed?[2] as? String == "a\"b\\c\n")
        #expect((parsed?[5] as? [String: Any])?["k"] as? String == "v")
    }
}
