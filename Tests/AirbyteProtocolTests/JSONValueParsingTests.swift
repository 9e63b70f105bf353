import Testing

@testable import AirbyteProtocol

@Suite struct JSONValueParsingTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" { "a" : [1, -2.5e+3, true, false, null, "x"], "b": {} , "c": [] } "#)
        #expect(value == ["a": [1, .number("-2.5e+3"), true, false, nil, "x"], "b": [:], "c": []])
        #expect(value.objectValue?.keys == ["a", "b", "c"])
    }

    @Test(arguments: [
        "0", "-0", "1e400", "-1E-400", "123456789012345678901234567890.123456789012345678901234567890",
        "0.000000000000000000000000000001", "9223372036854775808", "1.5e+10", "10",
    ])
    func numbersKeepTheirExactText(text: String) throws {
        #expect(try JSONValue(parsing: text) == .number(text))
        #expect(try JSONValue(parsing: "[\(text)]").jsonText == "[\(text)]")
    }

    @Test func decodesEveryEscape() throws {
        let value = try JSONValue(parsing: #""\"\\\/\b\f\n\r\t\u0041\u00e9\u4e2d\ud83d\ude00""#)
        #expect(value == .string("\"\\/\u{08}\u{0C}\n\r\tAé中😀"))
    }

    @Test func loneSurrogatesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""a\ud800b""#) == .string("a\u{FFFD}b"))
        #expect(try JSONValue(parsing: #""\udc00""#) == .string("\u{FFFD}"))
        #expect(try JSONValue(parsing: #""\ud800\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue(parsing: #""\ud800""#) == .string("\u{FFFD}"))
    }

    @Test func keepsRawUnicode() throws {
        let text = "\"héllo wörld 中文 😀\""
        #expect(try JSONValue(parsing: text) == .string("héllo wörld 中文 😀"))
        #expect(try JSONValue(parsing: Array(text.utf8)) == .string("héllo wörld 中文 😀"))
    }

    @Test func repeatedKeyKeepsLastValueAtFirstPosition() throws {
        let value = try JSONValue(parsing: #"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == 3)
    }

    @Test func parsesFromNonContiguousCollections() throws {
        let bytes = Array(#"{"k":[1,2]}"#.utf8)
        #expect(try JSONValue(parsing: bytes.lazy.map { $0 }) == ["k": [1, 2]])
        #expect(try bytes.withUnsafeBytes { try JSONValue(parsing: $0) } == ["k": [1, 2]])
    }

    @Test(arguments: [
        ("", JSONParseError.Reason.unexpectedEnd, 0),
        ("   ", .unexpectedEnd, 3),
        ("{", .unexpectedEnd, 1),
        (#"{"a":1,}"#, .unexpectedByte(0x7D), 7),
        (#"{"a" 1}"#, .unexpectedByte(0x31), 5),
        ("[1,]", .unexpectedByte(0x5D), 3),
        ("[1 2]", .unexpectedByte(0x32), 3),
        ("{'a':1}", .unexpectedByte(0x27), 1),
        ("01", .invalidNumber, 1),
        ("1.", .invalidNumber, 2),
        ("-", .invalidNumber, 1),
        ("1e", .invalidNumber, 2),
        ("+1", .unexpectedByte(0x2B), 0),
        (".5", .unexpectedByte(0x2E), 0),
        ("tru", .unexpectedEnd, 3),
        ("nul1", .unexpectedByte(0x31), 3),
        ("True", .unexpectedByte(0x54), 0),
        (#""abc"#, .unexpectedEnd, 0),
        ("\"a\tb\"", .controlCharacterInString, 2),
        (#""\x""#, .invalidEscape, 1),
        (#""\u12G4""#, .invalidUnicodeEscape, 1),
        (#""\u12""#, .invalidUnicodeEscape, 1),
        ("{} {}", .trailingCharacters, 3),
        ("NaN", .unexpectedByte(0x4E), 0),
    ])
    func rejectsMalformedInput(text: String, reason: JSONParseError.Reason, offset: Int) {
        #expect {
            try JSONValue(parsing: text)
        } throws: { error in
            let error = error as! JSONParseError
            return error.reason == reason && error.offset == offset
        }
    }

    @Test func rejectsInvalidUTF8AtTheBadByte() {
        let bytes: [UInt8] = [0x22, 0x61, 0xC3, 0x28, 0x22]
        #expect {
            try JSONValue(parsing: bytes)
        } throws: { error in
            (error as? JSONParseError)?.reason == .invalidUTF8 && (error as? JSONParseError)?.offset == 2
        }
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: [0x22, 0x5C, 0x6E, 0xFF, 0x22] as [UInt8]) }
    }

    @Test func errorsGiveLineColumnAndBoundedExcerpt() throws {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}" + String(repeating: " ", count: 500)
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: text) }
        #expect(error.line == 3)
        #expect(error.column == 11)
        #expect(error.excerpt.contains("\"b\": tru"))
        #expect(!error.excerpt.contains("\n"))
        #expect(error.description.contains("line 3, column 11"))

        let long = "[" + String(repeating: "1,", count: 10_000) + "x]"
        let longError = try #require(throws: JSONParseError.self) { try JSONValue(parsing: long) }
        #expect(longError.excerpt.count <= JSONParseError.maximumExcerptLength)
        #expect(longError.excerpt.contains("x]"))
    }

    @Test func nestingIsLimited() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONValue(parsing: ok).jsonText == ok)
        let tooDeep = String(repeating: "[{\"a\":", count: 300) + "1" + String(repeating: "}]", count: 300)
        let error = try #require(throws: JSONParseError.self) { try JSONValue(parsing: tooDeep) }
        #expect(error.reason == .nestingTooDeep(limit: 512))
        #expect(try JSONValue(parsing: tooDeep, maximumDepth: 600)["a"] == nil)
        let bomb = String(repeating: "[", count: 1_000_000)
        #expect(throws: JSONParseError.self) { try JSONValue(parsing: bomb) }
    }
}
