public import AirbyteProtocol
import ConnectorKit

/// Where a source's configuration comes from.
///
/// ```swift
/// Source.resolve("source-faker", config: ["count": 50])                 // a value
/// Source.resolve("source-faker", config: .file("faker.yaml"))           // JSON or YAML
/// Source.resolve("source-faker", config: .inline(#"{"count": 50}"#))    // text given on a command line
/// ```
///
/// String values `secret_reference::NAME` are replaced by the secret `NAME`
/// (see `SecretResolver`) before the config is validated.
public enum ConfigInput: Sendable, ExpressibleByDictionaryLiteral {
    /// A config value, a JSON object.
    case value(JSONValue)
    /// A file: JSON, or YAML when its name ends in `.yaml` or `.yml` or it is not JSON.
    case file(String)
    /// JSON text (YAML is accepted too).
    case inline(String)

    /// An empty config, `{}`.
    public static var empty: ConfigInput { .value(.object(JSONObject())) }

    /// A config value written as a dictionary literal.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .value(.object(JSONObject(elements)))
    }
}
