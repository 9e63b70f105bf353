import Foundation
import Synchronization
import Testing

@testable import DuckDB

@Suite struct ConnectionTests {
    let connection: Connection

    init() throws {
        connection = try Database().connect()
    }

    @Test func syntaxErrorCarriesMessageKindAndSQL() {
        #expect {
            try connection.execute("SELEC 1")
        } throws: { error in
            let error = error as! DuckDBError
            return error.code == .queryFailed && error.kind == .parser
                && error.message.contains("syntax error") && error.sql == "SELEC 1"
        }
    }

    @Test func prepareErrorNamesTheMissingTable() {
        #expect {
            _ = try connection.prepare("SELECT * FROM nowhere")
        } throws: { error in
            let error = error as! DuckDBError
            return error.code == .prepareFailed && error.message.contains("nowhere")
        }
    }

    @Test func executeReportsRowsChanged() throws {
        try connection.execute("CREATE TABLE t (i BIGINT)")
        #expect(try connection.execute("INSERT INTO t SELECT * FROM range(5)") == 5)
        #expect(try connection.execute("DELETE FROM t WHERE i < 2") == 2)
    }

    @Test func transactionCommitsOrRollsBack() throws {
        try connection.execute("CREATE TABLE t (i BIGINT)")
        _ = try connection.withTransaction { try connection.execute("INSERT INTO t VALUES (1)") }
        struct Abort: Error {}
        #expect(throws: Abort.self) {
            try connection.withTransaction {
                try connection.execute("INSERT INTO t VALUES (2)")
                throw Abort()
            }
        }
        #expect(try connection.query("SELECT i FROM t ORDER BY i").rows() == [[.integer(1)]])
        // The connection is usable after a rollback.
        _ = try connection.withTransaction { try connection.execute("INSERT INTO t VALUES (3)") }
        #expect(try connection.scalar("SELECT count(*) FROM t")?.int64 == 2)
    }

    @Test func failedStatementInsideTransactionRollsBackEverything() throws {
        try connection.execute("CREATE TABLE t (i BIGINT PRIMARY KEY)")
        #expect(throws: DuckDBError.self) {
            try connection.withTransaction {
                try connection.execute("INSERT INTO t VALUES (1)")
                try connection.execute("INSERT INTO t VALUES (1)")
            }
        }
        #expect(try connection.scalar("SELECT count(*) FROM t")?.int64 == 0)
    }

    @Test func streamsLargeResultsChunkByChunk() throws {
        let result = try connection.query("SELECT i, i * 2 AS doubled FROM range(1000000) t(i)")
        #expect(result.columns.map(\.name) == ["i", "doubled"])
        #expect(result.columns.map(\.type) == [.bigint, .bigint])
        var rows = 0
        var sum: Int64 = 0
        var chunks = 0
        while let chunk = try result.nextChunk() {
            chunks += 1
            for row in 0..<chunk.rowCount { sum &+= chunk[row: row, column: 1].int64! }
            rows += chunk.rowCount
        }
        #expect(rows == 1_000_000)
        #expect(sum == 999_999_000_000)
        #expect(chunks > 1)
    }

    @Test func errorWhileStreamingIsThrown() throws {
        // DuckDB may fail while executing or while streaming; either way the caller gets the conversion error.
        #expect {
            let result = try connection.query("SELECT CASE WHEN i < 5000 THEN i::VARCHAR ELSE 'x' END::INTEGER FROM range(10000) t(i)")
            while try result.nextChunk() != nil {}
        } throws: { error in
            (error as! DuckDBError).kind == .conversion
        }
    }

    @Test func refusesColumnsItCannotDecode() throws {
        let result = try connection.query("SELECT '101'::BIT AS bits")
        #expect { _ = try result.nextChunk() } throws: { error in
            (error as! DuckDBError).code == .unsupportedType && "\(error)".contains("bits")
        }
    }

    @Test func interruptStopsARunningQuery() throws {
        let database = try Database()
        let connection = try database.connect()
        nonisolated(unsafe) let shared = connection
        let finished = Mutex(false)
        // A thread, not a task: while the suite runs, blocking tests can hold every
        // thread of the cooperative pool and a task would never get to interrupt.
        // It keeps interrupting until the query has ended, as one interrupt can
        // land before the query has started and be lost.
        let stopped = DispatchSemaphore(value: 0)
        let interrupter = Thread {
            while !finished.withLock({ $0 }) {
                Thread.sleep(forTimeInterval: 0.1)
                shared.interrupt()
            }
            stopped.signal()
        }
        interrupter.start()
        defer {
            finished.withLock { $0 = true }
            stopped.wait()  // the connection must outlive the last interrupt
        }
        #expect {
            _ = try connection.query("SELECT count(*) FROM range(100000000000) a").rows()
        } throws: { error in
            (error as! DuckDBError).kind == .interrupt
        }
    }
}
