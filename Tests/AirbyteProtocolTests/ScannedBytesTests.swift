import AirbyteProtocol
import Testing

/// A record's bytes stay valid for as long as they are kept: the reader reuses
/// its buffer in place only while nobody holds a view of it.
@Suite struct ScannedBytesTests {
    static func lines(_ count: Int) -> [String] {
        (1...count).map {
            #"{"type":"RECORD","record":{"stream":"s","data":{"id":\#($0),"pad":"\#(String(repeating: "x", count: $0 % 37))"},"emitted_at":\#($0),"meta":{"changes":[]}}}"#
        }
    }

    /// Before views owned their buffer, every record kept here pointed into
    /// memory the reader had since moved over, reused or freed.
    @Test(arguments: [16, 100, 4096])
    func recordsKeptAcrossReadsKeepTheirBytes(blockSize: Int) throws {
        let lines = Self.lines(300)
        let reader = MessageReader(bytes: Array(lines.joined(separator: "\n").utf8), blockSize: blockSize)
        var kept: [(line: ScannedBytes, data: ScannedBytes, meta: ScannedBytes?)] = []
        while let message = try reader.next() {
            guard case .record(let record) = message.content else { continue }
            kept.append((message.line, record.data, record.meta))
        }
        #expect(kept.count == 300)
        for (index, kept) in kept.enumerated() {
            #expect(String(decoding: kept.line, as: UTF8.self) == lines[index])
            let pad = String(repeating: "x", count: (index + 1) % 37)
            #expect(String(decoding: kept.data, as: UTF8.self) == #"{"id":\#(index + 1),"pad":"\#(pad)"}"#)
            #expect(kept.meta.map { String(decoding: $0, as: UTF8.self) } == #"{"changes":[]}"#)
        }
    }

    @Test func bytesAreACollectionWithContiguousStorage() throws {
        let bytes = ScannedBytes(Array("héllo".utf8))
        #expect(bytes.count == 6)
        #expect(Array(bytes) == Array("héllo".utf8))
        #expect(bytes.withContiguousStorageIfAvailable { $0.count } == 6)
        #expect(bytes.withUnsafeBytes { $0.first } == UInt8(ascii: "h"))
        #expect(ScannedBytes([UInt8]()).isEmpty)
    }
}
