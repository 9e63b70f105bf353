import AirbyteProtocol
import Jinja
import Testing

@testable import DeclarativeSource

/// The datetime cursor's windows and state, as the CDK's `ConcurrentCursor` computes them.
@Suite struct DatetimeCursorTests {
    static func cursor(state: JSONObject = [:], step: String? = "P10D", granularity: String? = "P1D", lookback: String? = nil) throws
        -> DatetimeCursor
    {
        let converter = DatetimeStateConverter(
            datetimeFormat: "%Y-%m-%d", cursorDatetimeFormats: [],
            granularity: try granularity.map(Gap.parse))
        let end = try DatetimeParser.parse("2024-06-01", format: "%Y-%m-%d")
        return try DatetimeCursor(
            cursorField: "updated", converter: converter, sliceBoundaryFields: ("start_time", "end_time"),
            start: try DatetimeParser.parse("2024-05-01", format: "%Y-%m-%d"), endProvider: { end },
            lookback: try lookback.map(Gap.parse), step: try step.map(Gap.parse), granularity: try granularity.map(Gap.parse),
            streamState: state)
    }

    static func windows(_ cursor: DatetimeCursor) throws -> [String] {
        try cursor.slices().map { "\($0.cursorSlice["start_time"]!.stringValue!)..\($0.cursorSlice["end_time"]!.stringValue!)" }
    }

    @Test func stepsWithGranularityDoNotOverlapAndTheLastEndsAtTheEnd() throws {
        #expect(
            try Self.windows(Self.cursor()) == [
                "2024-05-01..2024-05-10", "2024-05-11..2024-05-20", "2024-05-21..2024-05-30", "2024-05-31..2024-06-01",
            ])
    }

    @Test func stateMovesTheStartAndLookbackMovesItBack() throws {
        #expect(try Self.windows(Self.cursor(state: ["updated": "2024-05-25"])) == ["2024-05-25..2024-06-01"])
        #expect(try Self.windows(Self.cursor(state: ["updated": "2024-05-25"], lookback: "P3D")) == ["2024-05-22..2024-06-01"])
    }

    @Test func stateIsTheEndOfTheFirstContiguousProcessedBlock() throws {
        let cursor = try Self.cursor()
        let slices = try cursor.slices()
        // The second window closes first: the state cannot move past the unprocessed first one.
        cursor.observe(["updated": "2024-05-15"], slice: slices[1])
        #expect(try cursor.closePartition(slices[1]) == ["updated": "2024-05-01"])
        cursor.observe(["updated": "2024-05-03"], slice: slices[0])
        #expect(try cursor.closePartition(slices[0]) == ["updated": "2024-05-15"])
        #expect(try cursor.finalState() == ["updated": "2024-05-15"])
    }

    @Test func recordsOutsideTheWindowAreNotSynced() throws {
        let cursor = try Self.cursor(state: ["updated": "2024-05-25"])
        #expect(!cursor.shouldBeSynced(["updated": "2024-05-01"], slice: .empty))
        #expect(cursor.shouldBeSynced(["updated": "2024-05-26"], slice: .empty))
        #expect(cursor.shouldBeSynced(["other": 1], slice: .empty))
    }
}
