import Testing

@testable import AirbyteProtocol

@Suite struct MessageReaderTests {
    /// All messages of a reader over `text`.
    func readAll(_ text: String, blockSize: Int = MessageReader.defaultBlockSize) throws -> [ScannedMessageCopy] {
        let reader = MessageReader(bytes: Array(text.utf8), blockSize: blockSize)
        var messages: [ScannedMessageCopy] = []
        while let message = try reader.next() { messages.append(ScannedMessageCopy(message)) }
        return messages
    }

    @Test func splitsLinesOnLFAndCRLFSkipsBlankLinesAndReadsAFinalLineWithoutNewline() throws {
        let text =
            "\n" + #"{"type":"LOG","log":{"level":"INFO","message":"a"}}"# + "\r\n  \r\n\n"
            + #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":5}}"#
        for blockSize in [1, 2, 3, 5, 1024] {
            let messages = try readAll(text, blockSize: blockSize)
            #expect(messages.map(\.lineNumber) == [2, 5])
            #expect(messages[0].message == .log(.info, "a"))
            #expect(messages[1].stream == "s" && messages[1].emittedAt == 5 && messages[1].data == "{}")
            #expect(messages[1].line == #"{"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":5}}"#)
        }
        #expect(try readAll("").isEmpty)
        #expect(try readAll("\n\r\n   \n").isEmpty)
    }

    @Test func readsRecordFieldsInAnyKeyOrderAndWhitespace() throws {
        let line =
            #" { "record" : { "emitted_at" : 17 , "x-extra" : [ {"}" : "{["} ] , "data" : { "a" : "}\"]" , "b" : [ 1 , { } ] } , "namespace":null, "stream" : "us\"er\u00e9s" , "meta" : { "changes" : [ ] } } , "type" : "RECORD" , "extra" : true } "#
        let message = try #require(try readAll(line).first)
        #expect(message.stream == "us\"erés")
        #expect(message.namespace == nil)
        #expect(message.emittedAt == 17)
        #expect(message.data == #"{ "a" : "}\"]" , "b" : [ 1 , { } ] }"#)
        #expect(message.meta == #"{ "changes" : [ ] }"#)
    }

    @Test func namespaceAbsentNullOrString() throws {
        let text = """
            {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1}}
            {"type":"RECORD","record":{"stream":"s","namespace":null,"data":{},"emitted_at":1}}
            {"type":"RECORD","record":{"stream":"s","namespace":"n\\/s","data":{},"emitted_at":1}}
            {"type":"RECORD","record":{"stream":"s","namespace":"n\\/s","data":{},"emitted_at":1,"meta":null}}
            """
        #expect(try readAll(text).map(\.namespace) == [nil, nil, "n/s", "n/s"])
        #expect(try readAll(text).map(\.meta) == [nil, nil, nil, nil])
    }

    @Test func alternatingStreamsKeepTheirNames() throws {
        let names = ["a", "b\\u0062", "a", "c\\\"", "c\\\"", "é", "a"]
        let text = names.map { #"{"type":"RECORD","record":{"stream":"\#($0)","namespace":"\#($0)","data":{},"emitted_at":1}}"# }
            .joined(separator: "\n")
        let expected = ["a", "bb", "a", "c\"", "c\"", "é", "a"]
        let messages = try readAll(text)
        #expect(messages.map(\.stream) == expected)
        #expect(messages.map(\.namespace) == expected)
    }

    @Test func emittedAtInFloatNotationIsTruncated() throws {
        let text = """
            {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1.7e12}}
            {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":1700000000000.9}}
            {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":-5}}
            {"type":"RECORD","record":{"stream":"s","data":{},"emitted_at":9223372036854775807}}
            """
        #expect(try readAll(text).map(\.emittedAt) == [1_700_000_000_000, 1_700_000_000_000, -5, .max])
    }

    @Test func everyMessageTypeComesDecoded() throws {
        let text = AirbyteMessageTests.canonicalLines.joined(separator: "\n")
        let expected = try AirbyteMessageTests.canonicalLines.map { try AirbyteMessage(parsing: Array($0.utf8)) }
        let reader = MessageReader(bytes: Array(text.utf8), blockSize: 13)
        var index = 0
        while let scanned = try reader.next() {
            try expectSame(scanned, expected[index])
            #expect(String(decoding: scanned.line, as: UTF8.self) == AirbyteMessageTests.canonicalLines[index])
            index += 1
        }
        #expect(index == expected.count)
    }

    @Test func readsA20MegabyteDataField() throws {
        let big = String(repeating: "0123456789abcdef{}[]\\\"", count: 20 * 1024 * 1024 / 22)
        let data = #"{"blob":"\#(big)","n":1}"#
        let text =
            #"{"type":"LOG","log":{"level":"INFO","message":"before"}}"# + "\n"
            + #"{"type":"RECORD","record":{"stream":"big","data":\#(data),"emitted_at":3}}"# + "\n"
            + #"{"type":"LOG","log":{"level":"INFO","message":"after"}}"# + "\n"
        for blockSize in [MessageReader.defaultBlockSize, 65536] {
            let reader = MessageReader(bytes: Array(text.utf8), blockSize: blockSize)
            _ = try reader.next()
            let record = try #require(try reader.next())
            guard case .record(let scanned) = record.content else {
                Issue.record("not a record")
                return
            }
            #expect(scanned.data.count == data.utf8.count)
            #expect(scanned.data.elementsEqual(data.utf8))
            #expect(scanned.stream == "big")
            let after = try #require(try reader.next())
            #expect(after.lineNumber == 3)
            #expect(try reader.next() == nil)
        }
    }

    @Test func seededRandomStreamsReadBackExactly() throws {
        var generator = SeededGenerator(seed: 0x5EED)
        for round in 0..<40 {
            var expected: [AirbyteMessage] = []
            var text = ""
            for _ in 0..<Int.random(in: 1...40, using: &generator) {
                let message = Self.randomMessage(using: &generator)
                expected.append(message)
                text += String(repeating: Bool.random(using: &generator) ? "\n" : " \r\n", count: Int.random(in: 0...1, using: &generator))
                text += message.json.randomText(using: &generator)
                text += Bool.random(using: &generator) ? "\n" : "\r\n"
            }
            if round % 3 == 0 { text.removeLast() }  // no final newline
            let blockSize = Int.random(in: 1...200, using: &generator)
            let reader = MessageReader(bytes: Array(text.utf8), blockSize: blockSize)
            var index = 0
            while let scanned = try reader.next() {
                try #require(index < expected.count, "round \(round)")
                try expectSame(scanned, expected[index])
                index += 1
            }
            #expect(index == expected.count, "round \(round), block size \(blockSize)")
        }
    }

    static func randomMessage(using generator: inout SeededGenerator) -> AirbyteMessage {
        let names = ["users", "purchases", "we\"ird}{", "é中😀", "tab\there", "a\\b", "x"]
        let stream = names.randomElement(using: &generator)!
        switch Int.random(in: 0..<10, using: &generator) {
        case 0:
            return .state(
                AirbyteStateMessage(
                    type: .stream,
                    stream: AirbyteStreamState(streamDescriptor: StreamDescriptor(name: stream), streamState: ["cursor": "}{"]),
                    unknownFields: ["id": .number(String(Int.random(in: 0...1000, using: &generator)))]))
        case 1:
            return .log(.warn, "braces { [ \" in a log")
        default:
            var record = AirbyteRecordMessage(
                stream: stream,
                namespace: Bool.random(using: &generator) ? nil : names.randomElement(using: &generator),
                data: randomObject(depth: 0, using: &generator),
                emittedAt: Int64.random(in: 0...2_000_000_000_000, using: &generator))
            if Int.random(in: 0..<4, using: &generator) == 0 {
                record.meta = .init(changes: [.init(field: "f", change: .truncated, reason: .sourceFieldSizeLimitation)])
            }
            if Bool.random(using: &generator) { record.unknownFields["file_reference"] = ["x": [1, "]"]] }
            return .init(.record(record))
        }
    }

    static func randomObject(depth: Int, using generator: inout SeededGenerator) -> JSONObject {
        var object = JSONObject()
        for index in 0..<Int.random(in: 0...5, using: &generator) {
            object["k\(index)\(["", "\"", "}", "\\", "é"].randomElement(using: &generator)!)"] =
                randomValue(depth: depth + 1, using: &generator)
        }
        return object
    }

    static func randomValue(depth: Int, using generator: inout SeededGenerator) -> JSONValue {
        switch Int.random(in: 0..<(depth > 3 ? 5 : 7), using: &generator) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &generator))
        case 2: return .number(["0", "-1", "3.25", "1e400", "123456789012345678901234567890"].randomElement(using: &generator)!)
        case 3, 4:
            return .string(["", "plain", "{}[]\"\\", "line\nbreak", "\u{1}\u{1F}", "é😀", "\\u0041"].randomElement(using: &generator)!)
        case 5: return .array((0..<Int.random(in: 0...4, using: &generator)).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default: return .object(randomObject(depth: depth, using: &generator))
        }
    }
}

/// What a test keeps of a scanned message after the reader moves on.
struct ScannedMessageCopy {
    var lineNumber: Int
    var line: String
    var message: AirbyteMessage?
    var stream: String?
    var namespace: String?
    var emittedAt: Int64?
    var data: String?
    var meta: String?

    init(_ scanned: ScannedMessage) {
        lineNumber = scanned.lineNumber
        line = String(decoding: scanned.line, as: UTF8.self)
        switch scanned.content {
        case .record(let record):
            stream = record.stream
            namespace = record.namespace
            emittedAt = record.emittedAt
            data = String(decoding: record.data, as: UTF8.self)
            meta = record.meta.map { String(decoding: $0, as: UTF8.self) }
        case .message(let message):
            self.message = message
        }
    }
}
