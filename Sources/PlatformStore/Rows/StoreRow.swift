import AirbyteProtocol
package import Foundation

/// One row: column names to values. Reading a column that is missing or of
/// another type throws ``StoreError`` (`corruptRow`) naming the table and column.
package struct StoreRow: Sendable, Hashable {
    /// The table the row comes from or goes to (for error messages).
    package var table: String
    /// The values by column.
    package var values: [String: StoreValue]

    package init(table: String, values: [String: StoreValue] = [:]) {
        self.table = table
        self.values = values
    }

    package subscript(column: String) -> StoreValue {
        get { values[column] ?? .null }
        set { values[column] = newValue }
    }

    private func corrupt(_ column: String, _ expected: String) -> StoreError {
        StoreError(.corruptRow, message: "\(table).\(column) should hold \(expected) but holds \(self[column])")
    }

    package func text(_ column: String) throws -> String {
        guard case .text(let text) = self[column] else { throw corrupt(column, "text") }
        return text
    }

    package func optionalText(_ column: String) throws -> String? {
        if case .null = self[column] { return nil }
        return try text(column)
    }

    package func integer(_ column: String) throws -> Int64 {
        switch self[column] {
        case .integer(let value): return value
        case .bool(let value): return value ? 1 : 0
        default: throw corrupt(column, "an integer")
        }
    }

    package func optionalInteger(_ column: String) throws -> Int64? {
        if case .null = self[column] { return nil }
        return try integer(column)
    }

    package func bool(_ column: String) throws -> Bool {
        switch self[column] {
        case .bool(let value): return value
        case .integer(let value): return value != 0
        default: throw corrupt(column, "a boolean")
        }
    }

    package func date(_ column: String) throws -> Date { Date(storeMilliseconds: try integer(column)) }

    package func optionalDate(_ column: String) throws -> Date? { try optionalInteger(column).map(Date.init(storeMilliseconds:)) }

    func identifier<Subject>(_ column: String) throws -> Identifier<Subject> {
        let text = try text(column)
        guard let id = Identifier<Subject>(text) else { throw corrupt(column, "a UUID") }
        return id
    }

    func optionalIdentifier<Subject>(_ column: String) throws -> Identifier<Subject>? {
        if case .null = self[column] { return nil }
        return try identifier(column) as Identifier<Subject>
    }

    func enumeration<Value: RawRepresentable<String>>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        let text = try text(column)
        guard let value = Value(rawValue: text) else { throw corrupt(column, "one of \(Value.self)'s values") }
        return value
    }

    /// A column of JSON text decoded as `Value` (a `Codable` model part).
    func decoded<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        let text = try text(column)
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch {
            throw StoreError(.corruptRow, message: "\(table).\(column) is not a valid \(Value.self)", underlying: error)
        }
    }

    func optionalDecoded<Value: Decodable>(_ column: String, as type: Value.Type = Value.self) throws -> Value? {
        if case .null = self[column] { return nil }
        return try decoded(column, as: Value.self)
    }

    /// A column of JSON text parsed as a ``JSONValue``.
    func json(_ column: String) throws -> JSONValue {
        let text = try text(column)
        do {
            return try JSONValue(parsing: text)
        } catch {
            throw StoreError(.corruptRow, message: "\(table).\(column) is not valid JSON", underlying: error)
        }
    }

    func optionalJSON(_ column: String) throws -> JSONValue? {
        if case .null = self[column] { return nil }
        return try json(column)
    }
}

extension StoreValue {
    /// A date as milliseconds since the Unix epoch.
    init(_ date: Date) { self = .integer(date.storeMilliseconds) }

    init(_ date: Date?) { self = date.map { .integer($0.storeMilliseconds) } ?? .null }

    init<Subject>(_ id: Identifier<Subject>) { self = .text(id.description) }

    init<Subject>(_ id: Identifier<Subject>?) { self = id.map { .text($0.description) } ?? .null }

    init(_ text: String?) { self = text.map { .text($0) } ?? .null }

    init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }

    /// `value` encoded as JSON text (keys sorted, so equal values store equal text).
    static func encoded(_ value: some Encodable) throws -> StoreValue {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        do {
            return .text(String(decoding: try encoder.encode(value), as: UTF8.self))
        } catch {
            throw StoreError(.invalidValue, message: "\(type(of: value)) cannot be encoded as JSON", underlying: error)
        }
    }

    static func encodedIfPresent(_ value: (some Encodable)?) throws -> StoreValue {
        guard let value else { return .null }
        return try encoded(value)
    }

    /// A JSON value as its text.
    static func json(_ value: JSONValue?) -> StoreValue { value.map { .text($0.jsonText) } ?? .null }
}

extension Date {
    /// Milliseconds since the Unix epoch, as the store keeps times.
    var storeMilliseconds: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }

    init(storeMilliseconds: Int64) { self.init(timeIntervalSince1970: Double(storeMilliseconds) / 1000) }
}
