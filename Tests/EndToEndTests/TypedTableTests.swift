import AirbyteProtocol
import DuckDB
import Foundation
import Testing

@Suite struct TypedTableTests {
    static let everyType: JSONObject = [
        "id": ["type": "integer"],
        "name": ["type": ["null", "string"]],
        "price": ["type": "number"],
        "active": ["type": "boolean"],
        "born": ["type": "string", "format": "date"],
        "seen": ["type": "string", "format": "date-time", "airbyte_type": "timestamp_with_timezone"],
        "local": ["type": "string", "format": "date-time", "airbyte_type": "timestamp_without_timezone"],
        "opens": ["type": "string", "format": "time", "airbyte_type": "time_without_timezone"],
        "address": ["type": "object", "properties": ["city": ["type": "string"]]],
        "tags": ["type": "array", "items": ["type": "string"]],
    ]

    @Test func createsTypedColumnsAfterTheMetadataColumns() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("users", properties: Self.everyType)])
        try harness.sync(catalog, [(0, #"{"id": 1}"#)])
        let columns = try harness.rows(
            "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'users' ORDER BY column_index")
        #expect(
            columns.map { "\($0[0].string!) \($0[1].string!)" } == [
                "_airbyte_raw_id UUID", "_airbyte_extracted_at TIMESTAMP WITH TIME ZONE", "_airbyte_meta JSON",
                "_airbyte_generation_id BIGINT", "id BIGINT", "name VARCHAR", "price DECIMAL(38,9)", "active BOOLEAN",
                "born DATE", "seen TIMESTAMP WITH TIME ZONE", "local TIMESTAMP", "opens TIME", "address JSON", "tags JSON",
            ])
    }

    @Test func validValuesLandTypedWithEmptyChanges() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("users", properties: Self.everyType)])
        try harness.sync(
            catalog,
            [
                (
                    0,
                    #"""
                    {"id": 7, "name": "Ada \"the\" first 🦆", "price": 12.5, "active": true, "born": "1815-12-10",
                     "seen": "2024-05-01T10:00:00+02:00", "local": "2024-05-01T10:00:00", "opens": "09:30:00",
                     "address": {"city": "London"}, "tags": ["a", "b"], "extra": 1}
                    """#
                )
            ])
        let row = try harness.rows(
            """
            SELECT id, name, price::VARCHAR, active, born::VARCHAR, seen::VARCHAR, local::VARCHAR, opens::VARCHAR,
                   address::VARCHAR, tags::VARCHAR, _airbyte_meta::VARCHAR, _airbyte_generation_id, _airbyte_extracted_at
            FROM users
            """)[0]
        #expect(
            row == [
                .integer(7), .varchar("Ada \"the\" first 🦆"), .varchar("12.500000000"), .boolean(true), .varchar("1815-12-10"),
                .varchar("2024-05-01 08:00:00+00"), .varchar("2024-05-01 10:00:00"), .varchar("09:30:00"),
                .varchar(#"{"city":"London"}"#), .varchar(#"["a","b"]"#), .varchar(#"{"sync_id":42,"changes":[]}"#), .integer(0),
                .timestampWithTimeZone(microseconds: 1_700_000_000_000_000),
            ])
    }

    @Test func invalidValuesAreNulledAndRecordedWhileTheRestSurvives() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("users", properties: Self.everyType)])
        try harness.sync(
            catalog,
            [
                (
                    0,
                    #"""
                    {"id": 1.5, "name": 5, "price": "abc", "active": "maybe", "born": "2024-13-40", "seen": "yesterday",
                     "local": {"x": 1}, "opens": "25:99", "address": "not an object", "tags": null}
                    """#
                ), (0, #"{"id": 99999999999999999999, "price": 1.0000000005}"#), (0, #"{"id": "42", "price": "3.25"}"#),
            ])
        let rows = try harness.rows(
            "SELECT id::VARCHAR, name, price::VARCHAR, active, born, seen, local, opens, address::VARCHAR, tags, _airbyte_meta::VARCHAR FROM users ORDER BY _airbyte_extracted_at"
        )
        #expect(
            rows[0].prefix(10) == [.null, .varchar("5"), .null, .null, .null, .null, .null, .null, .varchar(#""not an object""#), .null])
        let changes = try JSONValue(parsing: rows[0][10].string!)["changes"]!.arrayValue!
        let nulled = changes.map { "\($0["field"]!.stringValue!) \($0["change"]!.stringValue!) \($0["reason"]!.stringValue!)" }
        #expect(
            Set(nulled) == [
                "id NULLED DESTINATION_SERIALIZATION_ERROR", "price NULLED DESTINATION_SERIALIZATION_ERROR",
                "active NULLED DESTINATION_SERIALIZATION_ERROR", "born NULLED DESTINATION_SERIALIZATION_ERROR",
                "seen NULLED DESTINATION_SERIALIZATION_ERROR", "local NULLED DESTINATION_SERIALIZATION_ERROR",
                "opens NULLED DESTINATION_SERIALIZATION_ERROR",
            ])
        // An integer beyond BIGINT widens the column to DECIMAL(38,0) and is kept.
        #expect(rows[1][0] == .varchar("99999999999999999999"))
        #expect(rows[1][2] == .varchar("1.000000001"))
        #expect(!rows[1][10].string!.contains(#""field":"id""#))
        #expect(rows[1][10].string!.contains(#"{"field":"price","change":"TRUNCATED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"}"#))
        #expect(rows[2][0] == .varchar("42"))
        #expect(rows[2][2] == .varchar("3.250000000"))
        #expect(rows[2][10] == .varchar(#"{"sync_id":42,"changes":[]}"#))
    }

    @Test func sourceChangesComeFirstInMeta() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("t", properties: ["n": ["type": "integer"]])])
        try harness.sync(
            catalog, [(0, #"{"n":"x"}"#)],
            meta: [0: #"{"changes":[{"field":"big","change":"TRUNCATED","reason":"SOURCE_FIELD_SIZE_LIMITATION"}]}"#])
        #expect(
            try harness.rows("SELECT _airbyte_meta::VARCHAR FROM t") == [
                [
                    .varchar(
                        #"{"sync_id":42,"changes":[{"field":"big","change":"TRUNCATED","reason":"SOURCE_FIELD_SIZE_LIMITATION"},{"field":"n","change":"NULLED","reason":"DESTINATION_SERIALIZATION_ERROR"}]}"#
                    )
                ]
            ])
    }

    @Test func oddNamesAreNormalizedAndNamespacesBecomeSchemas() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [
            DestinationHarness.stream(
                "Order Items", namespace: "Sales-EU",
                properties: [
                    "ID": ["type": "integer"], "id": ["type": "string"], "select": ["type": "string"], "1st": ["type": "string"],
                    "a\"b": ["type": "string"], "_airbyte_meta": ["type": "string"],
                ]),
            DestinationHarness.stream("order items", properties: ["x": ["type": "string"]]),
            DestinationHarness.stream("Order Items", namespace: "archive", properties: ["x": ["type": "string"]]),
        ])
        try harness.sync(
            catalog,
            [
                (0, #"{"ID": 1, "id": "one", "select": "s", "1st": "f", "a\"b": "q", "_airbyte_meta": "m"}"#), (1, #"{"x": "y"}"#),
                (2, #"{"x": "z"}"#),
            ])
        let tables = try harness.rows("SELECT schema_name, table_name FROM duckdb_tables() ORDER BY 1")
        #expect(
            tables == [
                [.varchar("archive"), .varchar("order_items")], [.varchar("main"), .varchar("order_items")],
                [.varchar("sales_eu"), .varchar("order_items")],
            ])
        #expect(
            try harness.rows("SELECT x FROM archive.order_items UNION ALL SELECT x FROM main.order_items ORDER BY x") == [
                [.varchar("y")], [.varchar("z")],
            ])
        let columns = try harness.rows(
            "SELECT column_name, comment FROM duckdb_columns() WHERE schema_name = 'sales_eu' AND column_index > 4 ORDER BY column_index")
        let mapping = Dictionary(uniqueKeysWithValues: columns.map { ($0[1].string!, $0[0].string!) })
        #expect(Set(mapping.values).count == 6)
        #expect(mapping["select"] == "select")
        #expect(mapping["1st"] == "_1st")
        #expect(
            try harness.rows(
                "SELECT \"\(mapping["a\"b"]!.replacingOccurrences(of: "\"", with: "\"\""))\", \"\(mapping["_airbyte_meta"]!)\" FROM sales_eu.order_items"
            ) == [[.varchar("q"), .varchar("m")]])
    }

    @Test func fiveHundredColumnsAndALargeField() throws {
        let harness = try DestinationHarness()
        var properties = JSONObject()
        for index in 0..<500 { properties["c\(index)"] = ["type": "integer"] }
        properties["blob"] = ["type": "string"]
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("wide", properties: properties)])
        let values = (0..<500).map { "\"c\($0)\": \($0)" }.joined(separator: ", ")
        let big = String(repeating: "x", count: 20 << 20)
        try harness.sync(catalog, [(0, "{\(values), \"blob\": \"\(big)\"}")])
        #expect(try harness.rows("SELECT c0, c499, length(blob) FROM wide") == [[.integer(0), .integer(499), .integer(20 << 20)]])
    }

    @Test func invalidJSONInsideDataFailsTheCommitWithAClearMessage() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("t", properties: ["n": ["type": "integer"]])])
        #expect {
            try harness.sync(catalog, [(0, #"{"n": 1}"#), (0, #"{"n": tru}"#)])
        } throws: { error in
            let failure = error as? DestinationHarness.Failure
            return failure?.message.contains("record 2 of this batch of stream t has invalid JSON") == true
                && failure?.output.contains(#"{\"n\": tru}"#) == true
        }
        // The failed run removed its spooled records.
        #expect(!FileManager.default.fileExists(atPath: harness.path + ".spool"))
    }

    @Test func invalidJSONInsideMetaFailsTheCommitToo() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("t", properties: ["n": ["type": "integer"]])])
        #expect {
            try harness.sync(catalog, [(0, #"{"n": 1}"#)], meta: [0: #"{"changes": [nul]}"#])
        } throws: { error in
            (error as? DestinationHarness.Failure)?.message.contains("invalid JSON in its data or meta") == true
        }
    }

    @Test func aSuccessfulSyncLeavesNoSpoolBehind() throws {
        let harness = try DestinationHarness()
        let catalog = ConfiguredAirbyteCatalog(streams: [DestinationHarness.stream("t", properties: ["n": ["type": "integer"]])])
        try harness.sync(catalog, (0..<10).map { (0, #"{"n": \#($0)}"#) }, commitEvery: 3)
        #expect(try harness.rows("SELECT count(*) FROM t") == [[.integer(10)]])
        #expect(!FileManager.default.fileExists(atPath: harness.path + ".spool"))
    }
}
