import Testing

@testable import DuckDBDestination

@Suite struct LongNumberTextTests {
    func rewrite(_ data: String) -> String {
        var output: [UInt8] = []
        Array(data.utf8).withUnsafeBytes { LongNumberText.rewrite($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    func decodeJSON(_ json: String) -> String {
        var output: [UInt8] = []
        Array(json.utf8).withUnsafeBytes { LongNumberText.decodeJSON($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    func decodeText(_ text: String) -> String {
        var output: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { LongNumberText.decodeText($0, into: &output) }
        return String(decoding: output, as: UTF8.self)
    }

    @Test func marksLongNumbersOnlyAndLeavesEverythingElseByteForByte() {
        #expect(
            rewrite(#"{"a": 12345678901234567890.123456789, "b": [1.5, 1e400, -1E-400], "c": 123456789012345678901234567890}"#)
                == #"{"a": "\u0001N12345678901234567890.123456789", "b": [1.5, "\u0001N1e400", "\u0001N-1E-400"], "c": 123456789012345678901234567890}"#
        )
        #expect(
            rewrite(#"{"s":"1.2345678901234567","t":true,"n":null,"x":0.1234567890123456}"#)
                == #"{"s":"1.2345678901234567","t":true,"n":null,"x":"\u0001N0.1234567890123456"}"#)
        #expect(rewrite(#"{ "k" : -0.0 , "z" : 12.50 }"#) == #"{ "k" : -0.0 , "z" : 12.50 }"#)
    }

    @Test func escapesTheMarkersControlCharacterInStringsAndKeys() {
        #expect(
            rewrite(#"{"\u0001":"a\u0001b","q":"\\u0001","e":"\"\u0001N1"}"#)
                == #"{"\u0001\u0002":"a\u0001\u0002b","q":"\\u0001","e":"\"\u0001\u0002N1"}"#)
    }

    @Test func decodingJSONRestoresNumbersAndControlCharactersAndNothingElse() {
        #expect(
            decodeJSON(#"{"a":"\u0001N12345678901234567890.5","b":["\u0001N1e400",1.5],"c":"\u0001\u0002N1"}"#)
                == #"{"a":12345678901234567890.5,"b":[1e400,1.5],"c":"\u0001N1"}"#)
        // A backslash written as \\ followed by u0001 is text, not an escape of U+0001.
        #expect(decodeJSON(#"{"a":"\\u0001N5","b":"x\\u0001\u0002"}"#) == #"{"a":"\\u0001N5","b":"x\\u0001\u0002"}"#)
        #expect(decodeJSON(#"{"\u0001\u0002":"\"\u0001\u0002"}"#) == #"{"\u0001":"\"\u0001"}"#)
        #expect(decodeJSON("[]") == "[]")
    }

    @Test func decodingTextRestoresAMarkedNumberOrTheControlCharacter() {
        #expect(decodeText("\u{1}N12345678901234567890.5") == "12345678901234567890.5")
        #expect(decodeText("a\u{1}\u{2}Nb\u{1}\u{2}") == "a\u{1}Nb\u{1}")
        #expect(decodeText("plain") == "plain")
    }
}
