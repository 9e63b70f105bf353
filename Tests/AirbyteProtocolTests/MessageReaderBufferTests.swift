import AirbyteProtocol
import Testing

/// `hasBufferedLine` and `reachedEndOfInput`: what a consumer that polls its
/// input relies on to know whether `next()` would read.
@Suite struct MessageReaderBufferTests {
    static let first = #"{"type":"LOG","log":{"level":"INFO","message":"a"}}"#
    static let second = #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":5}}"#

    @Test func aWholeLineIsBufferedAfterTheReadThatBroughtIt() throws {
        let reader = MessageReader(bytes: Array((Self.first + "\n" + Self.second + "\n").utf8))
        #expect(!reader.hasBufferedLine)  // nothing read yet
        #expect(try reader.next()?.lineNumber == 1)
        #expect(reader.hasBufferedLine)  // the second line came with the first read
        #expect(reader.hasBufferedLine)  // asking twice changes nothing
        #expect(try reader.next()?.lineNumber == 2)
        #expect(!reader.hasBufferedLine)
        #expect(!reader.reachedEndOfInput)
        #expect(try reader.next() == nil)
        #expect(reader.reachedEndOfInput)
        #expect(!reader.hasBufferedLine)
    }

    @Test func aPartialLineIsNotBufferedUntilTheEndOfInputCompletesIt() throws {
        // Blocks of 40 bytes: the second line straddles reads and has no newline.
        let reader = MessageReader(bytes: Array((Self.first + "\n" + Self.second).utf8), blockSize: 40)
        #expect(try reader.next()?.lineNumber == 1)
        #expect(!reader.hasBufferedLine)
        let record = try #require(try reader.next())
        #expect(record.lineNumber == 2)
        #expect(Array(record.line) == Array(Self.second.utf8))
        #expect(try reader.next() == nil)
    }

    @Test func theLineFoundByTheCheckIsTheLineReturned() throws {
        let text = (1...50).map { #"{"type":"LOG","log":{"level":"INFO","message":"\#($0)"}}"# }.joined(separator: "\n")
        for blockSize in [7, 64, 1 << 20] {
            let reader = MessageReader(bytes: Array(text.utf8), blockSize: blockSize)
            var messages: [String] = []
            while true {
                _ = reader.hasBufferedLine
                guard let message = try reader.next() else { break }
                if case .message(let decoded) = message.content, case .log(let log) = decoded.payload { messages.append(log.message) }
            }
            #expect(messages == (1...50).map(String.init))
        }
    }
}
