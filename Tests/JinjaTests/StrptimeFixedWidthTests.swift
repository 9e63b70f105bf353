import Testing

@testable import Jinja

/// `strptime`'s shortcut for fixed-width formats (`%Y-%m-%dT%H:%M:%SZ` and the like) must give
/// what the regular-expression matching gives, value or error, for every input.
@Suite struct StrptimeFixedWidthTests {
    static let formats = [
        "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S.%fZ", "%Y-%m-%d", "%Y%m%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M:%S.%f", "%%Y %Y", "%Y-%m-%dT%H:%M:%S+00:00", "%H:%M %Y",
    ]
    static let values = [
        "2024-05-01T12:00:00Z", "2024-05-01t12:00:00z", "2024-05-01T12:00:00", "2024-05-01T12:00:00ZZ", "2024-5-1T1:2:3Z",
        "2024-05-01T24:00:00Z", "2024-05-01T23:60:00Z", "2024-05-01T23:59:60Z", "2024-05-01T23:59:61Z", "2024-02-30T00:00:00Z",
        "2024-02-29T00:00:00Z", "2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z", "2024-05-00T00:00:00Z",
        "2024-05-32T00:00:00Z", "2024-05-01T12:00:00.1Z", "2024-05-01T12:00:00.123456Z", "2024-05-01T12:00:00.1234567Z",
        "2024-05-01T12:00:00.Z", "2024-05-01", "20240501", "2024051", "01/05/2024", "1/5/2024", "2024-05-01 12:00:00",
        "2024-05-01T12:00:00.5", "%Y 2024", "%y 2024", "12:30 2024", "2024-05-01T12:00:00+00:00", "2024-05-01T12:00:00+01:00",
        "٢٠٢٤-05-01T12:00:00Z", "2024-05-01T12:00:00Ｚ", "", "x", " 2024-05-01", "2024-05-01 ", "0000-01-01", "9999-12-31",
        "2024-05-01T12:00:00Z\u{0}",
    ]

    static func outcome(_ parse: () throws(TemplateError) -> PythonDatetime) -> String {
        do throws(TemplateError) {
            return try parse().description
        } catch {
            return "error: \(error)"
        }
    }

    @Test func fixedWidthFormatsMatchTheGeneralMatcher() {
        for format in Self.formats {
            for value in Self.values {
                let shortcut = Self.outcome { () throws(TemplateError) in try Strptime.parse(value, format) }
                let general = Self.outcome { () throws(TemplateError) in try Strptime.parseMatching(value, format) }
                #expect(shortcut == general, "\(value) with \(format)")
            }
        }
    }
}
