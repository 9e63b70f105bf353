/// A value of the protocol that converts from and to JSON.
protocol JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError)
    var json: JSONValue { get }
}

/// Reads the fields of one JSON object into a protocol type, remembering which
/// it read so the others can be kept as unknown fields.
struct ObjectDecoder {
    let object: JSONObject
    private var knownKeys: [String] = []

    init(_ json: JSONValue) throws(AirbyteDecodingError) {
        guard case .object(let object) = json else { throw .wrongType(expected: "an object", found: json) }
        self.object = object
    }

    /// The required field `key`; `null` counts as missing.
    mutating func decode<Value: JSONConvertible>(_ key: String, as type: Value.Type = Value.self) throws(AirbyteDecodingError) -> Value {
        guard let value = try decodeIfPresent(key, as: type) else { throw AirbyteDecodingError(.missing, at: key) }
        return value
    }

    /// The optional field `key`; absent and `null` both give `nil`.
    mutating func decodeIfPresent<Value: JSONConvertible>(_ key: String, as type: Value.Type = Value.self) throws(AirbyteDecodingError)
        -> Value?
    {
        knownKeys.append(key)
        guard let json = object[key] else { return nil }
        if case .null = json { return nil }
        do {
            return try Value(json: json)
        } catch {
            throw error.prefixed(with: key)
        }
    }

    /// The raw value of field `key`, whatever its type (absent gives `nil`, `null` gives `.null`).
    mutating func raw(_ key: String) -> JSONValue? {
        knownKeys.append(key)
        return object[key]
    }

    /// The fields not read, in their order.
    var unknownFields: JSONObject {
        JSONObject(object.lazy.filter { !knownKeys.contains($0.key) }.map { ($0.key, $0.value) })
    }
}

/// Builds the JSON object of a protocol type: known fields first, then unknown ones.
struct ObjectEncoder {
    private var object = JSONObject()

    /// Sets `key` unless `value` is `nil`.
    mutating func encode(_ key: String, _ value: (some JSONConvertible)?) {
        if let value { object[key] = value.json }
    }

    /// Sets `key` to the raw `value` unless it is `nil`.
    mutating func encodeRaw(_ key: String, _ value: JSONValue?) {
        if let value { object[key] = value }
    }

    /// The object with `unknownFields` appended (a known field of the same name wins).
    func finish(with unknownFields: JSONObject) -> JSONValue {
        var result = object
        for (key, value) in unknownFields where result[key] == nil { result[key] = value }
        return .object(result)
    }
}

extension String: JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard case .string(let text) = json else { throw .wrongType(expected: "a string", found: json) }
        self = text
    }
    var json: JSONValue { .string(self) }
}

extension Bool: JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard case .bool(let value) = json else { throw .wrongType(expected: "a boolean", found: json) }
        self = value
    }
    var json: JSONValue { .bool(self) }
}

extension Int64: JSONConvertible {
    /// Integers, also when written `3.0` or `3e0`.
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard let value = json.int64Value else { throw .wrongType(expected: "an integer", found: json) }
        self = value
    }
    var json: JSONValue { .number(String(self)) }
}

extension Double: JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard let value = json.doubleValue, value.isFinite else { throw .wrongType(expected: "a number", found: json) }
        self = value
    }

    /// Whole values keep a decimal point (`12.0`), as the protocol asks of `recordCount`.
    var json: JSONValue { .number(jsonNumberText) }

    /// The number as JSON text: `12.0` for whole values below 2^53, else Swift's shortest exact form.
    var jsonNumberText: String {
        guard isFinite else { return "0.0" }
        if rounded() == self, magnitude < 9_007_199_254_740_992 { return String(Int64(self)) + ".0" }
        return String(self)
    }

    /// The number as JSON text, whole values below 2^53 without a decimal point
    /// (`1700000000000`), others in Swift's shortest exact form (`1700000000000.5`).
    var compactJSONNumberText: String {
        guard isFinite else { return "0" }
        if rounded() == self, magnitude < 9_007_199_254_740_992 { return String(Int64(self)) }
        return String(self)
    }
}

extension JSONValue: JSONConvertible {
    init(json: JSONValue) { self = json }
    var json: JSONValue { self }
}

extension JSONObject: JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard case .object(let object) = json else { throw .wrongType(expected: "an object", found: json) }
        self = object
    }
    var json: JSONValue { .object(self) }
}

extension Array: JSONConvertible where Element: JSONConvertible {
    init(json: JSONValue) throws(AirbyteDecodingError) {
        guard case .array(let elements) = json else { throw .wrongType(expected: "an array", found: json) }
        var result: [Element] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            do {
                result.append(try Element(json: element))
            } catch {
                throw error.prefixed(withIndex: index)
            }
        }
        self = result
    }
    var json: JSONValue { .array(map(\.json)) }
}
