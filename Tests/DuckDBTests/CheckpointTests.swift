import Foundation
import Testing

@testable import DuckDB

/// What one connection leaves open must not stop another from checkpointing.
@Suite struct CheckpointTests {
    @Test func aScalarLeavesNoTransactionOpenThatBlocksACheckpoint() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let database = try Database(path: folder.path + "/c.duckdb")
        let bookkeeping = try database.connect()
        try bookkeeping.execute("CREATE TABLE state (stream VARCHAR, json VARCHAR)")
        for cursor in 1...3 {
            try bookkeeping.withTransaction {
                try bookkeeping.execute("DELETE FROM state WHERE stream = 'items'")
                try bookkeeping.execute("INSERT INTO state VALUES ('items', '{\"at\": \(cursor)}'), ('other', '{}')")
            }
        }
        let reader = try database.connect()
        #expect(try reader.scalar("SELECT json FROM state WHERE stream = 'items'")?.string == #"{"at": 3}"#)

        let writer = try database.connect()
        try writer.execute("CREATE TABLE items AS SELECT range AS id FROM range(10000)")
        _ = try writer.withTransaction { try writer.execute("INSERT INTO items SELECT range FROM range(10000)") }
        try writer.execute("CHECKPOINT")
        withExtendedLifetime(reader) {}
    }
}
