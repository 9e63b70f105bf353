import Testing

@testable import AirbyteProtocol

@Test func objectKeepsInsertionOrderAndIgnoresItForEquality() {
    var object = JSONObject()
    object["b"] = 1
    object["a"] = "x"
    object["b"] = 2
    #expect(object.keys == ["b", "a"])
    #expect(object == JSONObject([("a", "x"), ("b", 2)]))
    object["b"] = nil
    #expect(object.keys == ["a"])
}

@Test func numbersKeepTheirTextAndConvertWhenExact() {
    let big: JSONValue = .number("123456789012345678901234567890.123456789")
    #expect(big.int64Value == nil)
    #expect(JSONValue.number("3.0").int64Value == 3)
    #expect(JSONValue.number("9223372036854775807").int64Value == Int64.max)
    #expect(JSONValue.number("1e19").int64Value == nil)
    #expect(JSONValue.number("2.5").int64Value == nil)
    let value: JSONValue = ["n": 4, "s": "t", "list": [true, nil]]
    #expect(value["n"]?.int64Value == 4)
    #expect(value["list"]?.arrayValue?.count == 2)
}
