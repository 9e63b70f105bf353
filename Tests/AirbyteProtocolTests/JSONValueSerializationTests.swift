import Testing

@testable import AirbyteProtocol

@Suite struct JSONValueSerializationTests {
    @Test func serializesCompactlyInKeyOrder() {
        let value: JSONValue = ["z": 1, "a": [true, nil, "s"], "m": ["n": .number("1e400")]]
        #expect(value.jsonText == #"{"z":1,"a":[true,null,"s"],"m":{"n":1e400}}"#)
        #expect(value.objectValue?.jsonText == value.jsonText)
        #expect("\(value)" == value.jsonText)
    }

    @Test func escapesQuotesBackslashesAndControlCharacters() {
        let value: JSONValue = .string("q\" b\\ n\n r\r t\t b\u{08} f\u{0C} nul\u{00} us\u{1F} del\u{7F} é 😀")
        #expect(value.jsonText == #""q\" b\\ n\n r\r t\t b\b f\f nul\u0000 us\u001f del\#u{7F} é 😀""#)
    }

    @Test func escapesKeys() {
        let value: JSONValue = .object(JSONObject([("a\"b\n", 1)]))
        #expect(value.jsonText == #"{"a\"b\n":1}"#)
    }

    @Test(arguments: [
        #"{"a":[1,2,{"b":null}],"c":"d"}"#,
        #"[]"#, #"{}"#, #""""#, #"-0.0e-0"#, #"[[[[[]]]]]"#,
        #"{"s":"\u0000\u001f\"\\","u":"中文😀"}"#,
        #"{"big":123456789012345678901234567890.12345,"tiny":1e-400}"#,
    ])
    func roundTripsCompactText(text: String) throws {
        let value = try JSONValue(parsing: text)
        #expect(value.jsonText == text)
        #expect(try JSONValue(parsing: value.jsonText) == value)
    }

    @Test func roundTripsEveryScalarRange() throws {
        var scalars = String.UnicodeScalarView()
        for value in stride(from: 0, through: 0x10FFFF, by: 97) {
            if let scalar = Unicode.Scalar(UInt32(value)) { scalars.append(scalar) }
        }
        let original = JSONValue.string(String(scalars))
        #expect(try JSONValue(parsing: original.jsonText) == original)
    }

    @Test func appendsToExistingBytes() {
        var bytes = Array("prefix:".utf8)
        JSONValue.array([1, "x"]).serialize(into: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == #"prefix:[1,"x"]"#)
    }
}
