import Testing

@testable import AirbyteProtocol

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@Suite struct MessageReaderFileDescriptorTests {
    @Test func readsAFileThroughItsDescriptor() throws {
        let path = String(#filePath.prefix(upTo: #filePath.lastIndex(of: "/")!)) + "/Fixtures/source-faker-read.jsonl"
        let descriptor = open(path, O_RDONLY)
        try #require(descriptor >= 0)
        defer { close(descriptor) }
        let reader = MessageReader(fileDescriptor: descriptor, blockSize: 1000)
        var records = 0
        var others = 0
        while let message = try reader.next() {
            if case .record = message.content { records += 1 } else { others += 1 }
        }
        #expect(records == 180)
        #expect(others == 45)
        #expect(reader.lineNumber == 225)
        #expect(reader.bytesRead == (try readFile(path)).count)
    }

    @Test func readsAPipeToItsEnd() throws {
        var ends: [Int32] = [0, 0]
        try #require(pipe(&ends) == 0)
        let text =
            #"{"type":"RECORD","record":{"stream":"s","data":{"k":"v"},"emitted_at":1}}"# + "\n"
            + #"{"type":"LOG","log":{"level":"INFO","message":"no newline at the end"}}"#
        let written = text.utf8CString.withUnsafeBytes { write(ends[1], $0.baseAddress, text.utf8.count) }
        #expect(written == text.utf8.count)
        close(ends[1])
        defer { close(ends[0]) }
        let reader = MessageReader(fileDescriptor: ends[0], blockSize: 8)
        let first = try #require(try reader.next())
        guard case .record(let record) = first.content else {
            Issue.record("not a record")
            return
        }
        #expect(String(decoding: record.data, as: UTF8.self) == #"{"k":"v"}"#)
        let second = try #require(try reader.next())
        #expect(ScannedMessageCopy(second).message == .log(.info, "no newline at the end"))
        #expect(try reader.next() == nil)
        #expect(try reader.next() == nil)
    }
}
