import Foundation
import Synchronization
import Testing

@testable import DeclarativeSource

/// The sink that writes a source's messages to stdout: every line arrives, in order, and a pipe
/// is grown so that the source does not stop at every 64 KiB for its reader.
@Suite struct FileDescriptorSinkTests {
    /// `F_GETPIPE_SZ`, which Glibc declares only under `_GNU_SOURCE`.
    static let getPipeSize: Int32 = 1024 + 8

    @Test func aPipeIsGrownAndEveryLineArrivesInOrder() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let sink = FileDescriptorSink(descriptor: ends[1], capacity: 1 << 10)
        #if os(Linux)
        let limit =
            (try? String(contentsOfFile: "/proc/sys/fs/pipe-max-size", encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        // Root may grow a pipe past the limit; anyone else up to it.
        let expected = getuid() == 0 ? FileDescriptorSink.pipeCapacity : min(limit, FileDescriptorSink.pipeCapacity)
        #expect(fcntl(ends[1], Self.getPipeSize) == expected)
        #endif
        let lines = (0..<2_000).map { Array("{\"n\":\($0)}".utf8) }
        // More than Linux's default 64 KiB pipe holds, written before anything reads it. The
        // write end does not block, so a pipe that did not grow loses lines instead of hanging.
        _ = fcntl(ends[1], F_SETFL, fcntl(ends[1], F_GETFL) | O_NONBLOCK)
        let block = lines.flatMap { $0 + [UInt8(ascii: "\n")] }
        for _ in 0..<6 { sink.write(newlineTerminated: block) }
        sink.flush()
        close(ends[1])
        let received = FileHandle(fileDescriptor: ends[0], closeOnDealloc: false).readDataToEndOfFile()
        #expect(received == Data(Array(repeating: block, count: 6).joined()))
    }

    /// What a sink over a pipe (with `capacity`) wrote while `write` ran and a flush after it,
    /// read as it is written: the writes may add up to more than a pipe holds.
    static func written(capacity: Int, _ write: (FileDescriptorSink) async throws -> Void) async throws -> Data {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let reader = ends[0]
        let received = Mutex(Data())
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let all = FileHandle(fileDescriptor: reader, closeOnDealloc: false).readDataToEndOfFile()
            received.withLock { $0 = all }
            finished.signal()
        }
        let sink = FileDescriptorSink(descriptor: ends[1], capacity: capacity)
        try await write(sink)
        sink.flush()
        close(ends[1])
        finished.wait()
        return received.withLock { $0 }
    }

    /// Blocks are written from their own arrays and lines from the sink's buffer: mixed, in
    /// any sizes (bigger than the buffer too), they arrive in the order they were written.
    @Test func blocksAndLinesArriveInTheOrderWritten() async throws {
        var expected: [UInt8] = []
        let received = try await Self.written(capacity: 1 << 12) { sink in
            for round in 0..<300 {
                let line = Array("{\"line\":\(round)}".utf8)
                sink.write(line: line)
                expected += line + [UInt8(ascii: "\n")]
                let records = (0..<(round % 7) * round / 4).map { Array("{\"round\":\(round),\"n\":\($0)}\n".utf8) }.joined()
                sink.write(newlineTerminated: Array(records))
                expected += records
                if round % 50 == 0 { sink.flush() }
            }
        }
        #expect(received == Data(expected))
    }

    /// Threads writing at once (as partitions do): every block arrives whole, and each
    /// thread's blocks in the order it wrote them.
    @Test func threadsWritingAtOnceKeepTheirOrder() async throws {
        let threads = 4
        let blocks = 400
        let received = try await Self.written(capacity: 1 << 12) { sink in
            await withTaskGroup(of: Void.self) { group in
                for thread in 0..<threads {
                    group.addTask {
                        for block in 0..<blocks {
                            let lines = (0..<(1 + block % 9)).map { "{\"thread\":\(thread),\"block\":\(block),\"line\":\($0)}\n" }
                            sink.write(newlineTerminated: Array(lines.joined().utf8))
                            if block % 97 == 0 { sink.write(line: Array("{\"thread\":\(thread),\"state\":\(block)}".utf8)) }
                        }
                    }
                }
            }
        }
        let text = String(decoding: received, as: UTF8.self)
        var next = Array(repeating: (block: 0, line: 0), count: threads)
        var lineCount = 0
        for line in text.split(separator: "\n") {
            let fields = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Int])
            let thread = try #require(fields["thread"])
            lineCount += 1
            guard let block = fields["block"], let index = fields["line"] else { continue }
            // A block's lines are consecutive, and blocks come in order.
            if index == 0 {
                #expect(block == next[thread].block && next[thread].line == 0)
            } else {
                #expect(block == next[thread].block && index == next[thread].line)
            }
            next[thread] = index == block % 9 ? (block + 1, 0) : (block, index + 1)
        }
        #expect(next.allSatisfy { $0.block == blocks && $0.line == 0 })
        #expect(lineCount == threads * ((0..<blocks).reduce(0) { $0 + 1 + $1 % 9 } + (0..<blocks).filter { $0 % 97 == 0 }.count))
    }
}
