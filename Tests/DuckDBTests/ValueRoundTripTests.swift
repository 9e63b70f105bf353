import Foundation
import Testing

@testable import DuckDB

/// Every type the destination writes goes in through a bound parameter and
/// through the appender, and comes back out exactly, NULL included.
@Suite struct ValueRoundTripTests {
    static let uuid = UUID(uuidString: "0189A3C4-7B2E-7F00-8000-00000000BEEF")!
    static let cases: [(type: DuckDBType, value: DuckDBValue)] = [
        (.bigint, .integer(Int64.min)),
        (.bigint, .integer(Int64.max)),
        (.hugeint, .hugeInt(Int128.min + 1)),
        (.hugeint, .hugeInt(170_141_183_460_469_231_731_687_303_715_884_105_727)),
        (.double, .double(-1.5e-300)),
        (.double, .double(.infinity)),
        (.decimal(width: 38, scale: 9), .decimal(DuckDBDecimal(string: "12345678901234567890123456789.123456789", scale: 9)!)),
        (.decimal(width: 38, scale: 9), .decimal(DuckDBDecimal(string: "-0.000000001", scale: 9)!)),
        (.decimal(width: 18, scale: 3), .decimal(DuckDBDecimal(string: "-123456789012345.678", width: 18, scale: 3)!)),
        (.decimal(width: 9, scale: 2), .decimal(DuckDBDecimal(string: "1234567.89", width: 9, scale: 2)!)),
        (.decimal(width: 4, scale: 1), .decimal(DuckDBDecimal(string: "-999.9", width: 4, scale: 1)!)),
        (.varchar, .varchar("")),
        (.varchar, .varchar("short")),
        (.varchar, .varchar("nul\u{0}inside and longer than twelve bytes")),
        (.varchar, .varchar("ünïcødé 🦆 — 東京")),
        (.json, .varchar(#"{"a":[1,2,{"b":null}],"s":"\"q\""}"#)),
        (.boolean, .boolean(true)),
        (.boolean, .boolean(false)),
        (.date, .date(days: -719_528)),
        (.date, .date(days: 19_999)),
        (.time, .time(microseconds: 86_399_999_999)),
        (.timeWithTimeZone, .timeWithTimeZone(microseconds: 3_600_000_000, offsetSeconds: -5 * 3600)),
        (.timestamp, .timestamp(microseconds: 1_700_000_000_123_456)),
        (.timestampWithTimeZone, .timestampWithTimeZone(microseconds: -1)),
        (.uuid, .uuid(uuid)),
        (.blob, .blob([0, 1, 2, 255, 0])),
        (.interval, .interval(months: 14, days: -3, microseconds: 5)),
    ]

    @Test(arguments: cases.indices)
    func boundParameterRoundTrips(index: Int) throws {
        let (type, value) = Self.cases[index]
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (v \(type))")
        try connection.prepare("INSERT INTO t VALUES (?), (?)").execute(value, .null)
        let result = try connection.query("SELECT v FROM t")
        #expect(result.columns.first?.type == type)
        #expect(try result.rows() == [[value], [.null]])
    }

    @Test(arguments: cases.indices)
    func appendedValueRoundTrips(index: Int) throws {
        let (type, value) = Self.cases[index]
        let connection = try Database().connect()
        try connection.execute("CREATE TABLE t (v \(type))")
        let appender = try connection.appender(table: "t")
        try appender.appendRow { row in try row.set(value, at: 0) }
        try appender.appendRow { _ in }
        try appender.close()
        #expect(try connection.query("SELECT v FROM t").rows() == [[value], [.null]])
    }

    @Test func decimalsAreExactNotDoubles() throws {
        let connection = try Database().connect()
        let value = try connection.scalar("SELECT '99999999999999999999999999999.999999999'::DECIMAL(38,9)")
        #expect(value == .decimal(DuckDBDecimal(string: "99999999999999999999999999999.999999999", scale: 9)!))
        #expect("\(value!.decimalValue!)" == "99999999999999999999999999999.999999999")
        let foundation = try DuckDBValue(Decimal(string: "0.1")!)
        #expect(try connection.scalar("SELECT ?::DECIMAL(38,9) * 3", foundation)?.decimalValue?.description == "0.300000000")
    }

    @Test func readsNarrowIntegersFloatsAndTimestampUnits() throws {
        let connection = try Database().connect()
        let row = try connection.query(
            """
            SELECT -3::TINYINT, 300::SMALLINT, 70000::INTEGER, 255::UTINYINT, 18446744073709551615::UBIGINT,
                   1.5::FLOAT, TIMESTAMP_S '2024-01-01 00:00:01', TIMESTAMP_MS '2024-01-01 00:00:00.002',
                   TIMESTAMP_NS '2024-01-01 00:00:00.000003999', 'b'::ENUM('a', 'b')
            """
        ).rows()[0]
        #expect(
            row == [
                .integer(-3), .integer(300), .integer(70000), .integer(255), .unsignedBigInt(.max), .double(1.5),
                .timestamp(microseconds: 1_704_067_201_000_000), .timestamp(microseconds: 1_704_067_200_002_000),
                .timestamp(microseconds: 1_704_067_200_000_003), .varchar("b"),
            ])
    }

    @Test func readsNestedValues() throws {
        let connection = try Database().connect()
        let row = try connection.query(
            """
            SELECT [1, NULL, 3] AS l, {'a': 1, 'b': ['x']} AS s, MAP {'k': 2} AS m, [1, 2]::INTEGER[2] AS a, []::VARCHAR[] AS e
            """
        ).rows()[0]
        #expect(
            row == [
                .list([.integer(1), .null, .integer(3)]),
                .structure([.init(name: "a", value: .integer(1)), .init(name: "b", value: .list([.varchar("x")]))]),
                .map([.init(key: .varchar("k"), value: .integer(2))]),
                .list([.integer(1), .integer(2)]),
                .list([]),
            ])
    }

    @Test func bindsFoundationDatesAndData() throws {
        let connection = try Database().connect()
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        #expect(try connection.scalar("SELECT ?::TIMESTAMPTZ", DuckDBValue(date))?.date == date)
        #expect(try connection.scalar("SELECT octet_length(?)", DuckDBValue(Data([1, 0, 2]))) == .integer(3))
        #expect(try connection.scalar("SELECT ? IS NULL", DuckDBValue(nil as String?)) == .boolean(true))
    }

    @Test func rejectsTheWrongNumberOfParameters() throws {
        let connection = try Database().connect()
        #expect(throws: DuckDBError.self) { try connection.prepare("SELECT ?, ?").execute(1) }
    }
}

extension DuckDBValue {
    var decimalValue: DuckDBDecimal? {
        if case .decimal(let value) = self { return value }
        return nil
    }
}
