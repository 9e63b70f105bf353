/// A string enumeration of the protocol that keeps values it does not know.
///
/// Connectors built against a newer protocol send values this library has not
/// heard of; a lenient reader keeps them (and writes them back unchanged) and
/// leaves the decision to the code that acts on the value. Match known values
/// with `switch` and a `default:` case:
///
/// ```swift
/// switch stream.destinationSyncMode {
/// case .append: …
/// case .overwrite: …
/// default: throw UnsupportedSyncMode(stream.destinationSyncMode.rawValue)
/// }
/// ```
public protocol ProtocolEnum: RawRepresentable<String>, Hashable, Sendable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The value with this text, known or not.
    init(rawValue: String)
}

extension ProtocolEnum {
    /// The value with this text, known or not.
    public init(stringLiteral value: String) { self.init(rawValue: value) }
    /// The raw text.
    public var description: String { rawValue }
    /// The value as a JSON string.
    public var json: JSONValue { .string(rawValue) }

    /// Decodes the value from a JSON string; any text is accepted.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        guard case .string(let text) = json else { throw .wrongType(expected: "a string", found: json) }
        self.init(rawValue: text)
    }
}
