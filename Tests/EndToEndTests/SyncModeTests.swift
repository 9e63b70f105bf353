import AirbyteProtocol
import DuckDB
import Testing

@Suite struct SyncModeTests {
    static let properties: JSONObject = [
        "id": ["type": "integer"], "v": ["type": "string"], "updated": ["type": "integer"],
        "_ab_cdc_deleted_at": ["type": ["null", "string"]],
    ]

    func catalog(_ mode: DestinationSyncMode, cursor: [String]? = ["updated"], generation: Int64? = nil, minimum: Int64? = nil)
        -> ConfiguredAirbyteCatalog
    {
        ConfiguredAirbyteCatalog(streams: [
            DestinationHarness.stream(
                "items", properties: Self.properties, mode: mode, primaryKey: mode == .appendDedup ? [["id"]] : nil,
                cursor: cursor, generation: generation, minimumGeneration: minimum)
        ])
    }

    func values(_ harness: DestinationHarness) throws -> [String] {
        try harness.rows("SELECT id, v FROM items ORDER BY id, v").map { "\($0[0].int64!)=\($0[1].string ?? "null")" }
    }

    @Test func appendTwiceKeepsBoth() throws {
        let harness = try DestinationHarness()
        try harness.sync(catalog(.append), [(0, #"{"id": 1, "v": "a"}"#)])
        try harness.sync(catalog(.append), [(0, #"{"id": 1, "v": "b"}"#)])
        #expect(try values(harness) == ["1=a", "1=b"])
    }

    @Test func overwriteSwapsOnlyWhenTheStreamCompletes() throws {
        let harness = try DestinationHarness()
        try harness.sync(catalog(.overwrite), [(0, #"{"id": 1, "v": "old"}"#)])
        // Interrupted: records committed, but the stream never completes.
        try harness.sync(catalog(.overwrite), [(0, #"{"id": 2, "v": "new"}"#)], completing: [])
        #expect(try values(harness) == ["1=old"])
        try harness.sync(catalog(.overwrite), [(0, #"{"id": 3, "v": "new"}"#), (0, #"{"id": 4, "v": "new"}"#)], commitEvery: 1)
        #expect(try values(harness) == ["3=new", "4=new"])
        #expect(try harness.rows("SELECT count(*) FROM duckdb_tables() WHERE table_name LIKE '_airbyte_tmp%'") == [[.integer(0)]])
    }

    @Test func overwriteRetryOfTheSameGenerationResumes() throws {
        let harness = try DestinationHarness()
        try harness.sync(catalog(.overwrite, generation: 5, minimum: 5), [(0, #"{"id": 1, "v": "first attempt"}"#)], completing: [])
        try harness.sync(catalog(.overwrite, generation: 5, minimum: 5), [(0, #"{"id": 2, "v": "second attempt"}"#)])
        #expect(try values(harness) == ["1=first attempt", "2=second attempt"])
    }

    @Test func dedupKeepsTheHighestCursorThenTheLatestExtraction() throws {
        let harness = try DestinationHarness()
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, #"{"id": 1, "v": "c5", "updated": 5}"#), (0, #"{"id": 1, "v": "c9", "updated": 9}"#),
                (0, #"{"id": 1, "v": "c7", "updated": 7}"#), (0, #"{"id": 2, "v": "null cursor", "updated": null}"#),
                (0, #"{"id": 2, "v": "has cursor", "updated": 1}"#), (0, #"{"id": 3, "v": "tie-old", "updated": 4}"#),
                (0, #"{"id": 3, "v": "tie-new", "updated": 4}"#),
            ])
        #expect(try values(harness) == ["1=c9", "2=has cursor", "3=tie-new"])
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, #"{"id": 1, "v": "stale", "updated": 8}"#), (0, #"{"id": 2, "v": "newer", "updated": 2}"#),
                (0, #"{"id": 4, "v": "added", "updated": 1}"#), (0, #"{"id": 2, "v": "null loses", "updated": null}"#),
            ])
        #expect(try values(harness) == ["1=c9", "2=newer", "3=tie-new", "4=added"])
    }

    @Test func cdcDeletesRespectTheCursor() throws {
        let harness = try DestinationHarness()
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, #"{"id": 1, "v": "keep", "updated": 10}"#), (0, #"{"id": 2, "v": "gone", "updated": 1}"#),
                (0, #"{"id": 5, "v": "inserted then deleted", "updated": 1}"#),
                (0, #"{"id": 5, "updated": 2, "_ab_cdc_deleted_at": "2024-01-01T00:00:00Z"}"#),
            ])
        #expect(try values(harness) == ["1=keep", "2=gone"])
        try harness.sync(
            catalog(.appendDedup),
            [
                (0, #"{"id": 1, "updated": 3, "_ab_cdc_deleted_at": "2024-01-01T00:00:00Z"}"#),
                (0, #"{"id": 2, "updated": 2, "_ab_cdc_deleted_at": "2024-01-01T00:00:00Z"}"#),
                (0, #"{"id": 9, "updated": 2, "_ab_cdc_deleted_at": "2024-01-01T00:00:00Z"}"#),
            ])
        #expect(try values(harness) == ["1=keep"])
    }

    @Test func dedupWithCompositeKeyAndNoCursor() throws {
        let harness = try DestinationHarness()
        let stream = DestinationHarness.stream(
            "pairs", properties: ["a b": ["type": "string"], "B": ["type": "integer"], "v": ["type": "string"]],
            mode: .appendDedup, primaryKey: [["a b"], ["B"]])
        let catalog = ConfiguredAirbyteCatalog(streams: [stream])
        try harness.sync(catalog, [(0, #"{"a b": "x", "B": 1, "v": "first"}"#), (0, #"{"a b": "x", "B": 2, "v": "other"}"#)])
        try harness.sync(catalog, [(0, #"{"a b": "x", "B": 1, "v": "second"}"#)])
        #expect(
            try harness.rows("SELECT a_b, b, v FROM pairs ORDER BY b") == [
                [.varchar("x"), .integer(1), .varchar("second")], [.varchar("x"), .integer(2), .varchar("other")],
            ])
    }

    @Test func truncateRefreshRemovesOlderGenerationsOnlyOnCompletion() throws {
        let harness = try DestinationHarness()
        try harness.sync(catalog(.append, generation: 1, minimum: 0), [(0, #"{"id": 1, "v": "gen1"}"#)])
        try harness.sync(catalog(.append, generation: 2, minimum: 2), [(0, #"{"id": 2, "v": "gen2"}"#)], completing: [])
        #expect(try values(harness) == ["1=gen1", "2=gen2"])
        try harness.sync(catalog(.append, generation: 2, minimum: 2), [(0, #"{"id": 3, "v": "gen2"}"#)])
        #expect(try values(harness) == ["2=gen2", "3=gen2"])
    }

    @Test func schemaEvolutionAddsAndWidensColumnsKeepingOldValues() throws {
        let harness = try DestinationHarness()
        let first = ConfiguredAirbyteCatalog(streams: [
            DestinationHarness.stream(
                "e",
                properties: [
                    "n": ["type": "integer"], "d": ["type": "string", "format": "date"], "gone": ["type": "string"],
                ])
        ])
        try harness.sync(first, [(0, #"{"n": 1, "d": "2024-01-02", "gone": "g"}"#)])
        let second = ConfiguredAirbyteCatalog(streams: [
            DestinationHarness.stream(
                "e",
                properties: [
                    "n": ["type": "number"], "d": ["type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"],
                    "added": ["type": "boolean"],
                ])
        ])
        try harness.sync(second, [(0, #"{"n": 2.5, "d": "2024-01-03T04:05:06Z", "added": true}"#)])
        let columns = try harness.rows(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'e' AND column_index > 4 ORDER BY column_index")
        #expect(
            columns.map { "\($0[0].string!) \($0[1].string!)" } == [
                "n DECIMAL(38,9)", "d TIMESTAMP WITH TIME ZONE", "gone VARCHAR", "added BOOLEAN",
            ])
        #expect(
            try harness.rows("SELECT n::VARCHAR, d::VARCHAR, gone, added FROM e ORDER BY n") == [
                [.varchar("1.000000000"), .varchar("2024-01-02 00:00:00+00"), .varchar("g"), .null],
                [.varchar("2.500000000"), .varchar("2024-01-03 04:05:06+00"), .null, .boolean(true)],
            ])
    }

    @Test func aNarrowerIncomingTypeKeepsTheWiderColumn() throws {
        let harness = try DestinationHarness()
        let wide = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("w", properties: ["n": ["type": "string"]])])
        try harness.sync(wide, [(0, #"{"n": "text"}"#)])
        let narrow = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("w", properties: ["n": ["type": "integer"]])])
        try harness.sync(narrow, [(0, #"{"n": 5}"#)])
        #expect(try harness.rows("SELECT n FROM w ORDER BY n") == [[.varchar("5")], [.varchar("text")]])
    }
}
