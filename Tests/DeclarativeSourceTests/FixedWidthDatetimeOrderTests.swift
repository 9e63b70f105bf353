import AirbyteProtocol
import Jinja
import Testing

@testable import DeclarativeSource

/// The newest cursor value of a raw page found by comparing texts must be the one that parsing
/// every value finds, whatever the page holds.
@Suite struct FixedWidthDatetimeOrderTests {
    @Test(arguments: ["%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%d", "%Y-%m-%dT%H:%M:%S.%f+00:00", "%Y%m%d", "100%% %Y"])
    func formatsWhoseTextsSortAsTheirDatetimes(_ format: String) {
        #expect(FixedWidthDatetimeOrder(format: format) != nil)
    }

    @Test(arguments: [
        "%d/%m/%Y", "%Y-%m-%dT%H:%M:%S%z", "%s", "%ms", "%s_as_float", "%epoch_microseconds", "%Y-%m-%dT%H:%M:%S.%_msZ", "%Y-%b-%d",
        "%Y-%m-%Y", "plain text", "%Y-%m-%d %",
    ])
    func formatsWhoseTextsDoNot(_ format: String) {
        #expect(FixedWidthDatetimeOrder(format: format) == nil)
    }

    @Test func onlyTextsOfTheExactShapeMatch() throws {
        let order = try #require(FixedWidthDatetimeOrder(format: "%Y-%m-%dT%H:%M:%SZ"))
        #expect(order.matches(quoted: ArraySlice(#""2024-01-05T10:00:00Z""#.utf8)))
        for text in [
            #""2024-1-05T10:00:00Z""#, #""2024-01-05T10:00:00+00:00""#, #""2024-01-05 10:00:00Z""#, "2024", "null",
            #""2024-01-05T10:00:0xZ""#, #""2024-01-05T10:00:00Z"#,
        ] {
            #expect(!order.matches(quoted: ArraySlice(text.utf8)), "\(text)")
        }
    }

    static let pages: [[String]] = [
        [#"{"updated": "2024-05-03"}"#, #"{"updated": "2024-05-09"}"#, #"{"updated": "2024-05-07"}"#],
        // A shape the order cannot compare (a one-digit month parses with %m): every value is parsed.
        [#"{"updated": "2024-05-03"}"#, #"{"updated": "2024-5-9"}"#],
        // The greatest text is not a date: the newest date is found by parsing them all.
        [#"{"updated": "2024-05-32"}"#, #"{"updated": "2024-05-04"}"#, #"{"updated": "2024-05-02"}"#],
        [#"{"updated": null}"#, #"{"other": 1}"#, #"{"updated": "2024-05-05"}"#],
        [#"{"updated": null}"#, #"{"other": 1}"#],
        [#"{"updated": 20240506}"#, #"{"updated": "2024-05-02"}"#],
    ]

    @Test(arguments: pages)
    func newestIsWhatParsingEveryValueFinds(_ records: [String]) throws {
        let document = #"{"data": ["# + records.joined(separator: ", ") + "]}"
        let scan = try #require(
            JSONRecordScan(document: Array(document.utf8), recordsAt: ["data"], fields: ["updated"], appendingMember: []))
        let raw = RawRecords(scan: scan, hasCursorField: true)
        let byText = try DatetimeCursorTests.cursor(step: nil)
        let byValue = try DatetimeCursorTests.cursor(step: nil)
        let slice = try #require(try byText.slices().first)
        byText.observe(raw, slice: slice)
        byValue.observe(RecordPage.raw(raw).values, slice: slice)
        #expect(try byText.closePartition(slice) == (try byValue.closePartition(try #require(try byValue.slices().first))))
    }
}
