/// A JSON value that keeps what Foundation's `JSONSerialization` loses: numbers
/// exactly as written (so a 30-digit decimal or a 64-bit id survives a round
/// trip) and the order of object keys (so echoed messages read like their input).
///
/// ```swift
/// let config: JSONValue = ["destination_path": "/local/out.duckdb", "threads": 4]
/// config["threads"]?.int64Value   // 4
/// ```
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    /// A number as its JSON text, for example `"12"`, `"-0.5"` or `"1e400"`.
    /// Two numbers are equal when their texts are, so `1` and `1.0` differ.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object: string keys in their original order, each once.
///
/// Members are kept in one array in their order. A small object (most records) finds a key
/// by comparing it with each: no hashing, so parsing, reading and serializing a record hash
/// none of its keys. An object with more than `indexThreshold` members also keeps a
/// key → position index, so lookups stay O(1) however wide it gets.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    public typealias Element = (key: String, value: JSONValue)

    private var members: [Element] = []
    /// Positions in `members` by key, kept only above `indexThreshold` members.
    private var index: [String: Int]?

    /// Members above which keys are looked up through a hash index rather than compared in turn.
    private static let indexThreshold = 16

    /// An empty object.
    public init() {}

    /// An object with these members; a repeated key keeps its last value at its first position.
    public init(_ members: some Sequence<(String, JSONValue)>) {
        for (key, value) in members { self[key] = value }
    }

    /// The keys in the order they were first inserted.
    public var keys: [String] { members.map(\.key) }

    /// The position of `key` in `members`.
    private func position(of key: String) -> Int? {
        if let index { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    /// The value for `key`; setting `nil` removes the key.
    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let newValue {
                if let existing = position(of: key) {
                    members[existing].value = newValue
                } else {
                    members.append((key, newValue))
                    if index != nil {
                        index![key] = members.count - 1
                    } else if members.count > Self.indexThreshold {
                        buildIndex()
                    }
                }
            } else if let existing = position(of: key) {
                members.remove(at: existing)
                if index != nil { buildIndex() }
            }
        }
    }

    private mutating func buildIndex() {
        var positions: [String: Int] = [:]
        positions.reserveCapacity(members.count)
        for (offset, member) in members.enumerated() { positions[member.key] = offset }
        index = positions
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Element { members[position] }

    /// Equality ignores key order, as JSON does.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.members.count == rhs.members.count else { return false }
        for member in lhs.members {
            guard let other = rhs[member.key], other == member.value else { return false }
        }
        return true
    }

    /// Independent of key order, as equality is.
    public func hash(into hasher: inout Hasher) {
        var combined = 0
        for member in members {
            var memberHasher = Hasher()
            memberHasher.combine(member.key)
            memberHasher.combine(member.value)
            combined ^= memberHasher.finalize()
        }
        hasher.combine(members.count)
        hasher.combine(combined)
    }
}

extension JSONValue {
    /// The member `key` of an object; `nil` for other values or a missing key.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    public var isNull: Bool { self == .null }

    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The number as an `Int64` when it is an integer that fits (`3`, `3.0` and `3e0` all do).
    public var int64Value: Int64? {
        guard case .number(let text) = self else { return nil }
        if let exact = Int64(text) { return exact }
        guard let double = Double(text), double.rounded() == double,
            double >= -9.223372036854775808e18, double < 9.223372036854775808e18
        else { return nil }
        return Int64(double)
    }

    /// The number as a `Double` (rounded where the text has more precision).
    public var doubleValue: Double? {
        guard case .number(let text) = self else { return nil }
        return Double(text)
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .number(String(value)) }
    public init(floatLiteral value: Double) { self = .number(String(value)) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) { self = .object(JSONObject(elements)) }
}
