import Foundation
import Testing

@testable import DuckDB

@Suite struct DatabaseTests {
    @Test func reportsThePinnedLibraryVersion() throws {
        #expect(Database.libraryVersion.hasPrefix("v1."))
        let connection = try Database().connect()
        #expect(try connection.scalar("SELECT version()")?.string == Database.libraryVersion)
    }

    @Test func appliesOptions() throws {
        let database = try Database(options: .init(threads: 1, memoryLimit: "256MiB"))
        let connection = try database.connect()
        #expect(try connection.scalar("SELECT current_setting('threads')")?.int64 == 1)
        #expect(try connection.scalar("SELECT current_setting('memory_limit')")?.string == "256.0 MiB")
    }

    @Test func rejectsAnUnknownOptionWithoutShowingItsValue() {
        #expect {
            _ = try Database(options: .init(settings: ["no_such_option": "s3cr3t"]))
        } throws: { error in
            let error = error as! DuckDBError
            return error.code == .invalidOption && error.description.contains("no_such_option") && !error.description.contains("s3cr3t")
        }
    }

    @Test func persistsToAFileAndOpensItReadOnly() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path("data.duckdb")
        do {
            let connection = try Database(path: path).connect()
            try connection.execute("CREATE TABLE t AS SELECT 42 AS answer")
        }
        let readOnly = try Database(path: path, options: .init(readOnly: true)).connect()
        #expect(try readOnly.scalar("SELECT answer FROM t")?.int64 == 42)
        #expect(throws: DuckDBError.self) { try readOnly.execute("INSERT INTO t VALUES (1)") }
    }

    /// Another process holding the file's lock is the everyday "database is locked"
    /// case (a DuckDB CLI or notebook left open). The holder here is a Python process
    /// taking the same POSIX write lock DuckDB takes.
    @Test func recognisesAFileLockedByAnotherProcess() throws {
        let folder = try TemporaryDirectory()
        defer { folder.remove() }
        let path = folder.path("locked.duckdb")
        _ = try Database(path: path)

        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = [
            "python3", "-c",
            """
            import fcntl, os, sys, time
            fd = os.open(sys.argv[1], os.O_RDWR)
            fcntl.lockf(fd, fcntl.LOCK_EX)
            print("locked", flush=True)
            sys.stdin.read()
            """, path,
        ]
        let toHolder = Pipe()
        let fromHolder = Pipe()
        holder.standardInput = toHolder
        holder.standardOutput = fromHolder
        try holder.run()
        defer {
            try? toHolder.fileHandleForWriting.close()
            holder.waitUntilExit()
        }
        let greeting = fromHolder.fileHandleForReading.availableData
        #expect(String(decoding: greeting, as: UTF8.self).hasPrefix("locked"))

        #expect {
            _ = try Database(path: path)
        } throws: { error in
            (error as? DuckDBError)?.isDatabaseLocked == true
        }
    }
}
