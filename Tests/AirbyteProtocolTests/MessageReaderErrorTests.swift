import Testing

@testable import AirbyteProtocol

@Suite struct MessageReaderErrorTests {
    static let good = #"{"type":"RECORD","record":{"stream":"s","data":{"a":1},"emitted_at":1}}"#

    /// The error for `bad` placed on line 4 after a blank line, with good lines around it.
    func error(for bad: String, blockSize: Int = 16) throws -> MessageReaderError {
        let text = [Self.good, "", Self.good, bad, Self.good].joined(separator: "\n")
        let reader = MessageReader(bytes: Array(text.utf8), blockSize: blockSize)
        #expect(try reader.next()?.lineNumber == 1)
        #expect(try reader.next()?.lineNumber == 3)
        let error = try #require(throws: MessageReaderError.self) { try reader.next() }
        // The reader goes on after a bad line.
        #expect(try reader.next()?.lineNumber == 5)
        #expect(try reader.next() == nil)
        #expect(error.lineNumber == 4)
        #expect(error.excerpt.count <= MessageReaderError.maximumExcerptLength)
        #expect(error.description.hasPrefix("line 4"))
        return error
    }

    @Test func truncatedJSON() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":{"a":1}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .unexpectedEnd)
    }

    @Test func notAnObject() throws {
        let error = try error(for: #"["type","RECORD"]"#)
        #expect(error.reason == .invalidMessage(AirbyteDecodingError(.wrongType(expected: "an object", found: "an array of 2 elements"))))
    }

    @Test func missingType() throws {
        let error = try error(for: #"{"record":{"stream":"s","data":{},"emitted_at":1}}"#)
        #expect(error.reason == .invalidMessage(AirbyteDecodingError(.missing, at: "type")))
    }

    @Test func garbageBetweenLines() throws {
        let error = try error(for: "Traceback (most recent call last):")
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .unexpectedByte(0x54))
        #expect(error.column == 1)
        #expect(error.excerpt == "Traceback (most recent call last):")
    }

    @Test func recordMissingData() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","emitted_at":1}}"#)
        #expect(error.reason == .invalidMessage(AirbyteDecodingError(.missing, at: "record.data")))
    }

    @Test func recordDataNotAnObject() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":"x","emitted_at":1}}"#)
        #expect(error.description.contains("record.data: expected an object"))
    }

    @Test func mismatchedBracketsInData() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":{"a":[1}]},"emitted_at":1}}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(error.column == 55)
        #expect(parseError.reason == .unexpectedByte(ASCII.closeBrace))
    }

    @Test func unterminatedStringInData() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":{"a":"oops}},"emitted_at":1}}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        // The string ends at the next quote; the strict parser then stumbles on `emitted_at`.
        #expect(parseError.reason == .unexpectedByte(ASCII.e))
    }

    @Test func unterminatedStringAtEndOfLine() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":{"a":"oops}}}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .unexpectedEnd)
    }

    @Test func textAfterTheObject() throws {
        let error = try error(for: Self.good + " {}")
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .trailingCharacters)
    }

    @Test func invalidStreamNameEscape() throws {
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s\q","data":{},"emitted_at":1}}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .invalidEscape)
    }

    @Test func longBadLinesGiveBoundedExcerptsAroundTheProblem() throws {
        let filler = String(repeating: "x", count: 100_000)
        let error = try error(
            for: #"{"type":"RECORD","record":{"stream":"s","data":{"a":"\#(filler)",]},"emitted_at":1}}"#, blockSize: 4096)
        #expect(error.excerpt.count <= 200)
        #expect(error.excerpt.contains("\",]}"))
        #expect(error.column == 100_056)
    }

    @Test func structuralOnlyProblemsAreReportedByTheScanner() throws {
        // Valid JSON as far as structure goes, rejected only by the scanner's depth limit.
        let deep = String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
        let error = try error(for: #"{"type":"RECORD","record":{"stream":"s","data":{"d":\#(deep)},"emitted_at":1}}"#)
        guard case .invalidJSON(let parseError) = error.reason else {
            Issue.record("\(error)")
            return
        }
        #expect(parseError.reason == .nestingTooDeep(limit: 512))
    }

    @Test func failedReadsNameTheLine() throws {
        let reader = MessageReader(fileDescriptor: -1)
        let error = try #require(throws: MessageReaderError.self) { try reader.next() }
        #expect(error.reason == .readFailed(errno: 9))
        #expect(error.lineNumber == 1)
    }
}
