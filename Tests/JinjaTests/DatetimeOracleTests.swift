import AirbyteProtocol
import Foundation
import Jinja
import Testing

/// The CDK's `DatetimeParser` (parse and format with every directive and Airbyte's
/// own), `isodate.parse_duration` and `ast.literal_eval`, compared value by value
/// with this module's `DatetimeParser`, `ISODuration` and `PythonLiteral`.
@Suite struct DatetimeOracleTests {
    static let parseFormats = [
        "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S.%f",
        "%s", "%ms", "%s_as_float", "%epoch_microseconds", "%Y-%m-%dT%H:%M:%S.%_msZ", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y",
        "%b %d %Y", "%B %d, %Y %I:%M %p", "%a, %d %b %Y %H:%M:%S %Z", "%Y%m%d", "%j/%Y", "%G-W%V-%u", "%y-%m-%d",
        "%H:%M", "%m/%d/%y %H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f%Z", "%d.%m.%Y", "%Y", "%U %w %Y", "%W %a %Y", "%c", "%x %X",
        "%Y-%m-%dT%H:%M:%S+00:00", "%%Y %Y", "%Q", "%", "%Y %Y",
    ]
    static let parseValues = [
        "2024-01-15T10:20:30.123456+0000", "2024-01-15T10:20:30.5-05:30", "2024-01-15T10:20:30Z", "2024-01-15T10:20:30+0200",
        "2024-01-15", "2024-1-5", "2024-02-30", "1705314030", "1705314030123", "1705314030.123456", "-86400", "1705314030123456",
        "2024-01-15T10:20:30.123Z", "2024-01-15 10:20:30", "15/01/2024", "Jan 15 2024", "January 15, 2024 10:20 PM",
        "Mon, 15 Jan 2024 10:20:30 GMT", "Mon, 15 Jan 2024 10:20:30 UTC", "20240115", "015/2024", "2024-W03-1", "24-01-15", "69-01-15",
        "10:20", "01/15/24 10:20:30", "15.01.2024", "2024", "02 1 2024", "02 Mon 2024", "Mon Jan 15 10:20:30 2024",
        "01/15/24 10:20:30", "2024-01-15T10:20:30+00:00", "%Y 2024", "x", "", " 2024-01-15", "2024-01-15 ", "2024-01-15T10:20:30.1234567Z",
        "2024-01-15T10:20:30.123456+05:30:15", "12:00 am", "2024-01-15T10:20:30.123456", "2024-01-15t10:20:30z",
        "2024-01-15T10:20:30.123456UTC",
    ]
    /// (value, format) pairs: every value with the formats likely to accept it, and a few that do not.
    static var parseCases: [(String, String)] {
        var cases: [(String, String)] = []
        for value in parseValues {
            for format in parseFormats where value.count <= 40 {
                cases.append((value, format))
            }
        }
        return cases
    }

    static let formatDatetimes: [[Int?]] = [
        [2024, 1, 15, 10, 20, 30, 123_456, 0], [2024, 1, 15, 10, 20, 30, 0, nil], [2024, 2, 29, 23, 59, 59, 999_999, 19_800],
        [1999, 12, 31, 0, 0, 0, 1_000, -18_000], [1970, 1, 1, 0, 0, 0, 0, 0], [1969, 12, 31, 23, 59, 59, 500_000, 0],
        [2021, 1, 3, 12, 0, 0, 0, 3_600], [5, 3, 1, 1, 2, 3, 4, nil], [9999, 12, 31, 23, 59, 59, 999_999, 0],
        [2024, 12, 30, 0, 0, 0, 123_000, 45],
    ]
    static let formatFormats = [
        "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%SZ", "%s", "%ms", "%s_as_float", "%epoch_microseconds", "%Y-%m-%dT%H:%M:%S.%_msZ",
        "%_ms", "%a %A %b %B %d %e %j %U %W %u %w %V %G %g %y %C", "%I:%M %p %l %k", "%c|%x|%X|%D|%F|%T|%R|%r", "%Z|%z|%%|%Q",
        "%-d/%-m/%-y %-H:%-M", "%^a %^B %#p %10Y %_5d %03e", "%Y%m%d", "",
    ]
    static let durations = [
        "P1D", "PT1H", "PT1.5S", "P1W", "P1M", "P1Y2M3DT4H5M6S", "-P1D", "+PT30M", "P0D", "PT0S", "P1.5D", "P0,5D", "PT36H", "P1Y",
        "P2M", "P", "PT", "1D", "P1", "PT1D", "P1DT", "P1H", "P-1D", "P1D\n", "p1d", "P10000000000D", "PT0.0000001S", "P1.5M",
    ]
    static let shiftDatetimes: [[Int?]] = [
        [2024, 1, 31, 10, 0, 0, 0, 0], [2024, 2, 29, 0, 0, 0, 0, nil], [2023, 3, 31, 23, 30, 0, 5, 3_600],
    ]
    static let shiftDurations = ["P1D", "P1M", "P1Y", "P1M1D", "-P1M", "PT25H", "P1Y1M", "P13M"]
    static let literals = [
        "5", "-5", "+5", "--5", "007", "00", "0_0", "007.5", "1_000", "1__0", "1_", "1e5", "1E+5", ".5", "5.", "1j", "1+2j", "-1-2j", "1+2",
        "True", "False", "None", "true", "null", "...", "set()", "{1, 2, 1}", "{}", "[1,]", "(1)", "(1,)", "()", "1,", "1, 2", "1 2",
        "'a'", "\"a\"", "'''a'''", "'a' \"b\"", "b'x'", "b'x' 'y'", "u'x'", "r'\\n'", "R'\\d'", "f'x'", "rb'\\x'",
        "'\\x41\\u0042\\U00000043'",
        "'\\N{BULLET}'", "'\\q'", "'a\\\nb'", "'unterminated", "[1, [2, (3, {'k': None})]]", "{'a': 1, 'a': 2}", "{[1]: 2}", "{(1, 2): 3}",
        "{1: 2, **x}", "[*x]", "x", "x.y", "f(1)", "1 if 1 else 2", "not 1", "-True", "-(1)", "-(-1)", " 5", "\t5", "\n5", "\n 5", "5\n",
        "5 # c", "# c\n5", "5\\\n", "[1,\n2]", "0x1F", "0o17", "0b11", "0xG", "0b2", "1e400", "-0.0", "0.1",
        "123456789012345678901234567890",
        "-123456789012345678901234567890", "1.7976931348623157e308", "5e-324", "4.9e-324", "'\\u00e9t\\u00e9'", "'é'", "\"it's\"", "''",
        "b''", "[1, 2] [0]", "{'a': [1, 2], 'b': {'c': (True, None)}}", "(1, 2) == (1, 2)", "\u{00a0}5", "5\u{00}", "1_000.000_1",
        "0_7", "09", "9.", "00.5", "1e", "1e+", "'\\\\'", "'\\''", "\"\\\"\"",
        // The short words and numbers `PythonLiteral` answers without its parser, and their edges.
        "0", "9", "123456789012345678", "1234567890123456789", "99999999999999999999", "_x", "abc_1", "True1", "Nonee", "TRUE",
        "True,", "True ", "None.x", "x1y2",
    ]

    @Test(.enabled(if: Oracle.isAvailable || Oracle.isCI, "the oracle venv is missing: run scripts/setup-oracles"))
    func agreesWithTheCDK() async throws {
        var request = JSONObject()
        request["parse"] = .array(Self.parseCases.map { .array([.string($0.0), .string($0.1)]) })
        request["format"] = .array(Self.formatDatetimes.flatMap { dt in Self.formatFormats.map { .array([Self.json(dt), .string($0)]) } })
        request["durations"] = .array(Self.durations.map { .string($0) })
        request["shifts"] = .array(Self.shiftDatetimes.flatMap { dt in Self.shiftDurations.map { .array([Self.json(dt), .string($0)]) } })
        request["literals"] = .array(Self.literals.map { .string($0) })
        var envelope = JSONObject()
        envelope["frozen_utc_micros"] = .number("0")
        envelope["datetimes"] = .object(request)
        let response = try await Oracle.run(JSONValue.object(envelope).jsonText)

        var mismatches: [String] = []
        var total = 0
        func compare(_ section: String, _ swift: [String]) {
            guard case .array(let python)? = response[section] else {
                mismatches.append("\(section): missing from the oracle's answer")
                return
            }
            for (index, (expected, actual)) in zip(python.map { Oracle.pythonOutcome($0) }, swift).enumerated() {
                total += 1
                if expected != actual { mismatches.append("\(section)[\(index)]: python \(expected) | swift \(actual)") }
            }
        }
        compare(
            "parse",
            Self.parseCases.map { value, format in
                Oracle.outcome { () throws(TemplateError) -> JinjaValue in .datetime(try DatetimeParser.parse(value, format: format)) }
            })
        compare(
            "format",
            Self.formatDatetimes.flatMap { fields in
                Self.formatFormats.map { format in
                    Oracle.outcome { () throws(TemplateError) -> JinjaValue in
                        .string(DatetimeParser.format(try Self.datetime(fields), format: format))
                    }
                }
            })
        compare(
            "durations",
            Self.durations.map { text in
                Oracle.outcome { () throws(TemplateError) -> JinjaValue in .duration(try ISODuration.parse(text)) }
            })
        compare(
            "shifts",
            Self.shiftDatetimes.flatMap { fields in
                Self.shiftDurations.map { text in
                    Oracle.outcome { () throws(TemplateError) -> JinjaValue in
                        let datetime = try Self.datetime(fields)
                        let duration = try ISODuration.parse(text)
                        return .tuple([.datetime(try duration.added(to: datetime)), .datetime(try duration.subtracted(from: datetime))])
                    }
                }
            })
        compare(
            "literals",
            Self.literals.map { text in
                Oracle.outcome { () throws(TemplateError) -> JinjaValue in PythonLiteral.evaluate(text) ?? .string(text) }
            })
        print("Jinja oracle, datetimes/durations/literals: \(total - mismatches.count)/\(total) agree")
        let listing = mismatches.prefix(60).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(total) differ:\n\(listing)")
    }

    static func json(_ fields: [Int?]) -> JSONValue {
        .array(fields.map { $0.map { .number(String($0)) } ?? .null })
    }

    static func datetime(_ fields: [Int?]) throws(TemplateError) -> PythonDatetime {
        let zone = fields[7].map { PythonTimeZone.fixed(offsetSeconds: $0) }
        return try PythonDatetime(
            year: fields[0]!, month: fields[1]!, day: fields[2]!, hour: fields[3]!, minute: fields[4]!,
            second: fields[5]!, microsecond: fields[6]!, timeZone: zone)
    }
}
