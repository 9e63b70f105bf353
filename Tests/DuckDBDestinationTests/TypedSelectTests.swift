import AirbyteProtocol
import DestinationKit
import DuckDB
import Foundation
import Testing

@testable import DuckDBDestination

/// The SQL ``TypedSelect`` builds, run by DuckDB over a real spool file: each
/// conversion rule, the changes it records in `_airbyte_meta`, and both ways of
/// reading a line (as a struct, and as one JSON value when keys differ only in case).
@Suite struct TypedSelectTests {
    static let kinds: [(key: String, kind: ColumnKind)] = [
        ("s", .string), ("i", .integer), ("n", .number), ("b", .boolean), ("d", .date),
        ("ts", .timestampWithTimezone), ("t", .timeWithoutTimezone), ("j", .json),
    ]

    /// The rows `TypedSelect` makes of `records` (data JSON texts, optional meta JSON), as text, and each row's meta.
    static func select(
        _ records: [(data: String, meta: String?)], columns: [(key: String, kind: ColumnKind)] = kinds,
        syncId: Int64 = 7
    ) throws -> (rows: [[String?]], metas: [JSONValue]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("typed-select-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let spool = try SpoolFile(path: folder + "/s.jsonl")
        for (index, record) in records.enumerated() {
            try spool.append(
                ScannedRecord(
                    stream: "s", namespace: nil, emittedAt: 1_700_000_000_000 + Int64(index),
                    data: ScannedBytes(record.data.utf8), meta: record.meta.map { ScannedBytes($0.utf8) }))
        }
        try spool.flush()
        let table = StreamTable(
            schema: "main", table: "t",
            columns: columns.enumerated().map { .init(key: $1.key, name: "c\($0)", kind: $1.kind) },
            mode: .append, generationId: 3, minimumGenerationId: 0, syncId: syncId)
        let select = TypedSelect(table: table, spoolPath: spool.path, maximumObjectSize: 1 << 20)
        let connection = try Database().connect()
        try LoadFunctions.register(on: connection)
        let values = columns.indices.map { "c\($0)::VARCHAR" }.joined(separator: ", ")
        let rows = try connection.query(
            """
            SELECT _airbyte_meta::VARCHAR, _airbyte_generation_id, epoch_ms(_airbyte_extracted_at), \(values)
            FROM (\(select.sql)) ORDER BY _airbyte_extracted_at
            """
        ).rows()
        #expect(rows.allSatisfy { $0[1] == .integer(3) }, "the generation of the sync")
        #expect(rows.map { $0[2].int64 } == records.indices.map { 1_700_000_000_000 + Int64($0) }, "emitted_at as the extraction time")
        return (rows.map { $0.dropFirst(3).map(\.string) }, try rows.map { try JSONValue(parsing: $0[0].string ?? "") })
    }

    @Test func valuesOfEveryKindConvert() throws {
        let (rows, metas) = try Self.select([
            (
                #"{"s": "x", "i": 42, "n": 1.5, "b": true, "d": "2024-02-29", "ts": "2024-01-01T10:00:00+02:00", "t": "12:30:00", "j": {"a": [1]}}"#,
                nil
            ),
            (#"{"s": 12, "i": "7", "n": "2.25", "b": "FALSE", "d": " 2024-03-01 ", "j": "text"}"#, nil),
            (#"{"i": 3.0, "n": 1e2}"#, nil),
        ])
        #expect(rows[0] == ["x", "42", "1.500000000", "true", "2024-02-29", "2024-01-01 08:00:00+00", "12:30:00", #"{"a":[1]}"#])
        #expect(rows[1] == ["12", "7", "2.250000000", "false", "2024-03-01", nil, nil, #""text""#])
        #expect(rows[2] == [nil, "3", "100.000000000", nil, nil, nil, nil, nil])
        #expect(metas.allSatisfy { $0 == ["sync_id": 7, "changes": []] }, "nothing changed: \(metas)")
    }

    @Test func valuesThatDoNotConvertAreNulledAndRecorded() throws {
        let (rows, metas) = try Self.select([
            (#"{"i": 123456789012345678901234567890123456789, "n": 1e40, "b": "yes", "d": "tomorrow", "s": "kept"}"#, nil),
            (#"{"i": 1.5, "n": "abc", "t": 5}"#, nil),
        ])
        #expect(rows[0][0] == "kept" && rows[0][1] == nil && rows[0][2] == nil && rows[0][3] == nil && rows[0][4] == nil)
        #expect(
            metas[0]["changes"] == [
                ["field": "i", "change": "NULLED", "reason": "DESTINATION_FIELD_SIZE_LIMITATION"],
                ["field": "n", "change": "NULLED", "reason": "DESTINATION_FIELD_SIZE_LIMITATION"],
                ["field": "b", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
                ["field": "d", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
            ])
        #expect(
            metas[1]["changes"] == [
                ["field": "i", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
                ["field": "n", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
                ["field": "t", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
            ])
    }

    /// An integer beyond BIGINT in a BIGINT column stops the load with a request to
    /// widen the column (the writer widens it to DECIMAL(38,0) and loads again).
    @Test func anIntegerBeyondBigintAsksToWidenItsColumn() throws {
        let error = #expect(throws: DuckDBError.self) {
            try Self.select([(#"{"i": 9223372036854775808}"#, nil)], columns: [("i", .integer)])
        }
        #expect(error?.message.contains(WidenRequest.prefix) == true)
        let (rows, metas) = try Self.select(
            [(#"{"i": 9223372036854775807}"#, nil), (#"{"i": -9223372036854775808}"#, nil)], columns: [("i", .integer)])
        #expect(rows == [["9223372036854775807"], ["-9223372036854775808"]])
        #expect(metas.allSatisfy { $0["changes"] == [] })
    }

    @Test func moreThanNineFractionalDigitsAreRoundedAndRecordedAsTruncated() throws {
        let (rows, metas) = try Self.select([(#"{"n": 0.1234567891}"#, nil)], columns: [("n", .number)])
        #expect(rows == [["0.123456789"]])
        #expect(metas[0]["changes"] == [["field": "n", "change": "TRUNCATED", "reason": "DESTINATION_FIELD_SIZE_LIMITATION"]])
    }

    @Test func theSourcesChangesComeFirstThenOurs() throws {
        let meta = #"{"changes": [{"field": "x", "change": "TRUNCATED", "reason": "SOURCE_FIELD_SIZE_LIMITATION"}]}"#
        let (_, metas) = try Self.select([(#"{"b": 5}"#, meta)], columns: [("b", .boolean)])
        #expect(
            metas[0] == [
                "sync_id": 7,
                "changes": [
                    ["field": "x", "change": "TRUNCATED", "reason": "SOURCE_FIELD_SIZE_LIMITATION"],
                    ["field": "b", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"],
                ],
            ])
    }

    @Test func keysThatDifferOnlyInCaseAreReadFromTheWholeLine() throws {
        let columns: [(key: String, kind: ColumnKind)] = [("ID", .integer), ("id", .string), ("when", .date)]
        let table = StreamTable(
            schema: "main", table: "t", columns: columns.map { .init(key: $0.key, name: $0.key + "_c", kind: $0.kind) },
            mode: .append, generationId: 0, minimumGenerationId: 0, syncId: 1)
        #expect(!TypedSelect(table: table, spoolPath: "", maximumObjectSize: 1).readsDataAsStruct)
        let (rows, metas) = try Self.select(
            [(#"{"ID": 5, "id": "five", "when": "2024-01-02"}"#, nil), (#"{"when": "no"}"#, nil)],
            columns: columns)
        #expect(rows == [["5", "five", "2024-01-02"], [nil, nil, nil]])
        #expect(metas[1]["changes"] == [["field": "when", "change": "NULLED", "reason": "DESTINATION_SERIALIZATION_ERROR"]])
    }

    @Test func quotesAndDotsInKeysReachTheirColumns() throws {
        let (rows, _) = try Self.select([(#"{"a\"b": "q", "c.d": 1}"#, nil)], columns: [("a\"b", .string), ("c.d", .integer)])
        #expect(rows == [["q", "1"]])
    }
}
