import AirbyteProtocol
import DuckDB
import Foundation
import SwiftbyteTestSupport
import Testing

@testable import Swiftbyte

/// The cache `swiftbyte read` writes loads like destination-duckdb: numbers
/// exactly as sent, and basic normalization when asked for.
struct CacheNumbersAndNormalizationTests {
    /// One stream, `customers`, whose records carry long numbers and nested values.
    static let script = #"""
        #!/usr/bin/env python3
        import json, sys
        def emit(text):
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
        STREAM = {"name": "customers", "supported_sync_modes": ["full_refresh"], "json_schema": {"type": "object", "properties": {
            "id": {"type": "integer"}, "balance": {"type": "number"}, "big": {"type": "integer"},
            "contact": {"type": "object", "properties": {"email": {"type": "string"}}},
            "addresses": {"type": "array", "items": {"type": "object", "properties": {"city": {"type": "string"}, "lat": {"type": "number"}}}}}}}
        command = sys.argv[1]
        if command == "spec":
            emit(json.dumps({"type": "SPEC", "spec": {"connectionSpecification": {"type": "object", "properties": {}}}}))
        elif command == "discover":
            emit(json.dumps({"type": "CATALOG", "catalog": {"streams": [STREAM]}}))
        else:
            # Written by hand: json.dumps would turn these numbers into doubles.
            emit('{"type": "RECORD", "record": {"stream": "customers", "emitted_at": 1700000000000, "data": {"id": 1, '
                 '"balance": 12345678901234567890.123456789, "big": 123456789012345678901234567890, '
                 '"contact": {"email": "a@example.com"}, "addresses": [{"city": "Oslo", "lat": 59.91386900000000000001}]}}}')
            emit('{"type": "RECORD", "record": {"stream": "customers", "emitted_at": 1700000000001, "data": {"id": 2, '
                 '"balance": 99999999999999999999999999999.999999999, "big": 5, "addresses": []}}}')
            emit('{"type": "RECORD", "record": {"stream": "customers", "emitted_at": 1700000000002, "data": {"id": 3, '
                 '"balance": -0.12345678950, "big": 1234567890123456789012345678901234567890}}}')
            emit('{"type": "RECORD", "record": {"stream": "customers", "emitted_at": 1700000000003, "data": {"id": 4, '
                 '"balance": 1e400, "big": -0}}}')
        """#

    func read(normalized: Bool, in folder: TemporaryFolder) async throws -> Connection {
        let executor = LocalExecutable(try folder.write("source-numbers", Self.script, executable: true))
        let cache = try Cache(path: "\(folder.path)/cache.duckdb")
        let source = try await Source.resolve("source-numbers", executor: executor)
        _ = try await source.read(into: cache, basicNormalization: normalized)
        return try cache.database.connect()
    }

    @Test func numbersLandExactlyAsSent() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connection = try await read(normalized: false, in: folder)
        let rows = try connection.query(
            "SELECT balance::VARCHAR, big::VARCHAR, addresses::VARCHAR, (_airbyte_meta -> 'changes')::VARCHAR FROM main.customers ORDER BY id"
        ).rows()
        #expect(
            rows[0].map { $0.string } == [
                "12345678901234567890.123456789", "123456789012345678901234567890",
                #"[{"city":"Oslo","lat":59.91386900000000000001}]"#, "[]",
            ])
        #expect(rows[1].map { $0.string } == ["99999999999999999999999999999.999999999", "5", "[]", "[]"])
        // Rounded past 9 decimals: TRUNCATED; beyond DECIMAL(38,0) or DECIMAL(38,9): NULLED; never a silent change.
        #expect(
            rows[2].map { $0.string } == [
                "-0.123456790", nil, nil,
                #"[{"field":"balance","change":"TRUNCATED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"},{"field":"big","change":"NULLED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"}]"#,
            ])
        #expect(
            rows[3].map { $0.string } == [
                nil, "0", nil, #"[{"field":"balance","change":"NULLED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"}]"#,
            ])
        #expect(
            try connection.query("SELECT data_type FROM duckdb_columns() WHERE table_name = 'customers' AND column_name = 'big'").rows()
                == [[.varchar("DECIMAL(38,0)")]])
    }

    @Test func basicNormalizationFlattensAndMakesChildTables() async throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let connection = try await read(normalized: true, in: folder)
        let expected: [[DuckDBValue]] = [
            [.integer(1), .varchar("a@example.com")], [.integer(2), .null], [.integer(3), .null], [.integer(4), .null],
        ]
        #expect(try connection.query("SELECT id, contact_email FROM main.customers ORDER BY id").rows() == expected)
        let children: [[DuckDBValue]] = [
            [
                .integer(1), .varchar("Oslo"), .varchar("59.913869000"),
                .varchar(#"[{"field":"lat","change":"TRUNCATED","reason":"DESTINATION_FIELD_SIZE_LIMITATION"}]"#),
            ]
        ]
        #expect(
            try connection.query(
                """
                SELECT c.id, a.city, a.lat::VARCHAR, (a._airbyte_meta -> 'changes')::VARCHAR FROM main.customers c
                JOIN main.customers_addresses a USING (_airbyte_customers_hashid)
                """
            ).rows() == children)
    }
}
