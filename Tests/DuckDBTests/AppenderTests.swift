import Foundation
import Testing

@testable import DuckDB

@Suite struct AppenderTests {
    let connection: Connection

    init() throws {
        connection = try Database().connect()
    }

    @Test func appendsAMillionRowsThroughDataChunks() throws {
        try connection.execute("CREATE TABLE events (id BIGINT, name VARCHAR, score DOUBLE, seen_at TIMESTAMPTZ, ok BOOLEAN)")
        let appender = try connection.appender(table: "events")
        for id in 0..<1_000_000 {
            try appender.appendRow { row in
                row.setInt64(Int64(id), at: 0)
                if id % 10 != 0 { row.setVarchar("name-\(id)", at: 1) }
                row.setDouble(Double(id) / 2, at: 2)
                row.setTimestamp(microseconds: Int64(id) * 1_000_000, at: 3)
                row.setBool(id % 2 == 0, at: 4)
            }
        }
        try appender.close()
        #expect(appender.rowCount == 1_000_000)
        let summary = try connection.query(
            """
            SELECT count(*), sum(id), count(name), max(length(name)), sum(score), max(seen_at), count(*) FILTER (WHERE ok)
            FROM events
            """
        ).rows()[0]
        #expect(
            summary == [
                .integer(1_000_000), .hugeInt(499_999_500_000), .integer(900_000), .integer(11),
                .double(249_999_750_000), .timestampWithTimeZone(microseconds: 999_999_000_000), .integer(500_000),
            ])
    }

    @Test func appendsAColumnSubsetLeavingDefaults() throws {
        try connection.execute("CREATE TABLE t (id BIGINT, label VARCHAR DEFAULT 'none', n BIGINT)")
        let appender = try connection.appender(table: "t", columns: ["n", "id"])
        #expect(appender.columnTypes == [.bigint, .bigint])
        try appender.appendRow { row in
            row.setInt64(7, at: 0)
            row.setInt64(1, at: 1)
        }
        try appender.close()
        #expect(try connection.query("SELECT id, label, n FROM t").rows() == [[.integer(1), .varchar("none"), .integer(7)]])
    }

    @Test func rawBytesKeepNULAndLongStrings() throws {
        try connection.execute("CREATE TABLE t (s VARCHAR)")
        let appender = try connection.appender(table: "t")
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 20 << 20)
        let withNUL: [UInt8] = [0x61, 0x00, 0x62]
        for bytes in [big, withNUL, []] {
            try appender.appendRow { row in bytes.withUnsafeBytes { row.setBytes($0, at: 0) } }
        }
        try appender.close()
        #expect(try connection.query("SELECT length(s) FROM t").rows() == [[.integer(20 << 20)], [.integer(3)], [.integer(0)]])
    }

    @Test func failingFlushSurfacesDuckDBsMessage() throws {
        try connection.execute("CREATE TABLE t (id BIGINT PRIMARY KEY)")
        let appender = try connection.appender(table: "t")
        for id in [1, 2, 1] as [Int64] {
            try appender.appendRow { row in row.setInt64(id, at: 0) }
        }
        #expect {
            try appender.close()
        } throws: { error in
            let error = error as! DuckDBError
            return error.code == .appenderFailed && error.message.contains("duplicate key")
        }
    }

    @Test func notNullViolationSurfacesOnFlush() throws {
        try connection.execute("CREATE TABLE t (id BIGINT NOT NULL)")
        let appender = try connection.appender(table: "t")
        try appender.appendRow { _ in }
        #expect { try appender.flush() } throws: { error in
            (error as! DuckDBError).message.contains("NOT NULL")
        }
    }

    @Test func droppedAppenderDiscardsUnflushedRows() throws {
        try connection.execute("CREATE TABLE t (id BIGINT)")
        do {
            let appender = try connection.appender(table: "t")
            try appender.appendRow { row in row.setInt64(1, at: 0) }
            try appender.flush()
            try appender.appendRow { row in row.setInt64(2, at: 0) }
        }
        #expect(try connection.query("SELECT id FROM t").rows() == [[.integer(1)]])
    }

    @Test func valueThatDoesNotFitIsRejected() throws {
        try connection.execute("CREATE TABLE t (small INTEGER, d DECIMAL(5,2))")
        let appender = try connection.appender(table: "t")
        #expect(throws: DuckDBError.self) { try appender.appendRow { row in try row.set(.integer(Int64.max), at: 0) } }
        #expect(throws: DuckDBError.self) { try appender.appendRow { row in try row.set(.integer(123_456), at: 1) } }
        try appender.appendRow { row in try row.set(.integer(999), at: 1) }
        try appender.close()
        #expect(try connection.scalar("SELECT d::VARCHAR FROM t") == .varchar("999.00"))
    }

    @Test func unknownTableOrColumnIsAClearError() throws {
        try connection.execute("CREATE TABLE t (id BIGINT)")
        #expect { _ = try connection.appender(table: "missing") } throws: { "\($0)".contains("missing") }
        #expect { _ = try connection.appender(table: "t", columns: ["nope"]) } throws: { "\($0)".contains("nope") }
    }

    @Test func queryAppenderMergesRows() throws {
        try connection.execute("CREATE TABLE users (id BIGINT PRIMARY KEY, name VARCHAR)")
        try connection.execute("INSERT INTO users VALUES (1, 'old'), (2, 'keep')")
        let appender = try connection.appender(
            query: """
                MERGE INTO users USING staged ON users.id = staged.id
                WHEN MATCHED THEN UPDATE SET name = staged.name
                WHEN NOT MATCHED THEN INSERT VALUES (staged.id, staged.name)
                """,
            relation: "staged",
            columns: [("id", .bigint), ("name", .varchar)])
        for (id, name) in [(1, "new"), (3, "added")] as [(Int64, String)] {
            try appender.appendRow { row in
                row.setInt64(id, at: 0)
                row.setVarchar(name, at: 1)
            }
        }
        try appender.close()
        #expect(
            try connection.query("SELECT id, name FROM users ORDER BY id").rows() == [
                [.integer(1), .varchar("new")], [.integer(2), .varchar("keep")], [.integer(3), .varchar("added")],
            ])
    }

    @Test func rowsAppendedInATransactionRollBack() throws {
        try connection.execute("CREATE TABLE t (id BIGINT)")
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.withTransaction {
                let appender = try connection.appender(table: "t")
                try appender.appendRow { row in row.setInt64(1, at: 0) }
                try appender.close()
                throw Abort()
            }
        }
        #expect(try connection.scalar("SELECT count(*) FROM t") == .integer(0))
    }
}
