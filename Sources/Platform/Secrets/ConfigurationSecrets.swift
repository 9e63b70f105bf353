package import AirbyteProtocol
package import DestinationKit

/// A connector configuration's secrets at rest: the fields its specification
/// marks `airbyte_secret` are sealed before a configuration is stored, shown
/// as Airbyte's `**********`, and opened only to run the connector.
package struct ConfigurationSecrets: Sendable {
    /// The mask clients see in place of a secret, and may send back to keep it.
    package static let mask = SecretMasker.mask

    let box: SecretBox

    package init(box: SecretBox) {
        self.box = box
    }

    /// `configuration` (plain) with every secret `specification` marks sealed
    /// (its JSON text, so numbers and objects survive too). A secret unchanged
    /// from `previous` (a stored configuration) keeps its sealed form, so an
    /// update that leaves the secrets alone leaves their stored text alone.
    package func sealing(_ configuration: JSONValue, specification: JSONValue, previous: JSONValue? = nil) throws -> JSONValue {
        let validator = ConfigValidator(connectionSpecification: specification)
        var kept: [String: (plain: JSONValue, sealed: JSONValue)] = [:]
        if let previous {
            for (path, sealed) in validator.secrets(in: previous) { kept[path] = (try opening(sealed), sealed) }
        }
        return try validator.replacingSecrets(in: configuration) { value, path in
            if case .string(let text) = value, SecretBox.isSealed(text) { return value }
            if let kept = kept[path], kept.plain == value { return kept.sealed }
            return .string(try box.seal(value.jsonText))
        }
    }

    /// A stored configuration with every sealed secret opened: what the connector is given.
    package func opening(_ stored: JSONValue) throws -> JSONValue {
        switch stored {
        case .string(let text) where SecretBox.isSealed(text):
            let plaintext = try box.open(text)
            do {
                return try JSONValue(parsing: plaintext)
            } catch {
                throw SecretBoxError(reason: "a sealed secret does not hold JSON")
            }
        case .array(let elements): return .array(try elements.map(opening))
        case .object(let object): return .object(JSONObject(try object.map { ($0.key, try opening($0.value)) }))
        default: return stored
        }
    }

    /// A stored configuration with every sealed secret shown as `**********`: what clients see.
    package static func masking(_ stored: JSONValue) -> JSONValue {
        switch stored {
        case .string(let text) where SecretBox.isSealed(text): .string(mask)
        case .array(let elements): .array(elements.map(masking))
        case .object(let object): .object(JSONObject(object.map { ($0.key, masking($0.value)) }))
        default: stored
        }
    }

    /// `incoming` (plain, from a client's update) with every secret sent back
    /// as `**********` replaced by its value in `previous` (the stored
    /// configuration), so an update that does not retype a password keeps it.
    ///
    /// - Throws: ``SecretBoxError``; ``PlatformError`` (`invalidInput`) when a
    ///   masked secret has no stored value to keep.
    package func resolvingMasks(in incoming: JSONValue, previous: JSONValue, specification: JSONValue) throws -> JSONValue {
        let validator = ConfigValidator(connectionSpecification: specification)
        let kept = Dictionary(
            validator.secrets(in: try opening(previous)).map { ($0.path, $0.value) },
            uniquingKeysWith: { first, _ in first })
        return try validator.replacingSecrets(in: incoming) { value, path in
            guard value == .string(Self.mask) else { return value }
            guard let stored = kept[path] else {
                throw PlatformError(
                    .invalidInput,
                    message: """
                        the secret at \(path) was sent as \(Self.mask), but there is no stored value to keep: send the secret itself
                        """)
            }
            return stored
        }
    }

    /// A masker hiding the secrets of a plain configuration in any text (logs, errors).
    package static func masker(for configuration: JSONValue, specification: JSONValue) -> SecretMasker {
        ConfigValidator(connectionSpecification: specification).secretMasker(for: configuration)
    }
}
