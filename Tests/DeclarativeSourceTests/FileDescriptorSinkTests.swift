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

    /// Blocks are written from their own arrays and lines from the sink's buffer: mixed, in
    /// any sizes (bigger than the buffer too), they arrive in the order they were written.
    @Test func blocksAndLinesArriveInTheOrderWritten() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        defer { close(ends[0]) }
        let sink = FileDescriptorSink(descriptor: ends[1], capacity: 1 << 12)
        // Read while writing: the writes add up to more than a pipe holds.
        let reader = ends[0]
        let received = Mutex(Data())
        let finished = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            let all = FileHandle(fileDescriptor: reader, closeOnDealloc: false).readDataToEndOfFile()
            received.withLock { $0 = all }
            finished.signal()
        }
        var expected: [UInt8] = []
        for round in 0..<300 {
            let line = Array("{\"line\":\(round)}".utf8)
            sink.write(line: line)
            expected += line + [UInt8(ascii: "\n")]
            let records = (0..<(round % 7) * round / 4).map { Array("{\"round\":\(round),\"n\":\($0)}\n".utf8) }.joined()
            sink.write(newlineTerminated: Array(records))
            expected += records
            if round % 50 == 0 { sink.flush() }
        }
        sink.flush()
        close(ends[1])
        finished.wait()
        #expect(received.withLock { $0 } == Data(expected))
    }
}
