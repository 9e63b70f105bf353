package import AirbyteProtocol
import Foundation

/// Puts secrets into a config: `secret_reference::NAME` values, and required
/// `airbyte_secret` fields the config lacks. Collects the secret values found,
/// so they can be masked.
package struct SecretHydration {
    static let referencePrefix = "secret_reference::"

    let connector: String
    let resolver: SecretResolver
    /// The specification's root, for `$ref`s.
    let root: JSONValue
    /// Every secret value put into the config.
    package private(set) var secrets: [String] = []

    package init(connector: String, resolver: SecretResolver, connectionSpecification: JSONValue) {
        self.connector = connector
        self.resolver = resolver
        self.root = connectionSpecification
    }

    /// `config` with every `secret_reference::NAME` replaced by the secret `NAME`.
    package mutating func resolvingReferences(in config: JSONValue, at path: String = "$") throws(ConfigError) -> JSONValue {
        switch config {
        case .string(let text) where text.hasPrefix(Self.referencePrefix):
            let name = String(text.dropFirst(Self.referencePrefix.count)).trimmingCharacters(in: .whitespaces)
            guard let value = resolver.resolve([name], connector: connector, path: path) else {
                throw ConfigError(
                    .missingSecret, connector: connector,
                    message: """
                        \(path) refers to the secret \(name), which is not in \(resolver.placesLookedIn). \
                        Set \(name) there.
                        """)
            }
            secrets.append(value)
            return .string(value)
        case .object(var object):
            for key in object.keys {
                object[key] = try resolvingReferences(in: object[key]!, at: "\(path).\(key)")
            }
            return .object(object)
        case .array(var elements):
            for index in elements.indices {
                elements[index] = try resolvingReferences(in: elements[index], at: "\(path)[\(index)]")
            }
            return .array(elements)
        default:
            return config
        }
    }

    /// `config` with each required secret field it lacks filled in from the
    /// resolver — at any depth, inside the `oneOf` option the config names.
    package mutating func fillingMissingSecrets(in config: JSONValue) throws(ConfigError) -> JSONValue {
        try filling(config, schema: root, at: "$")
    }

    private mutating func filling(_ value: JSONValue, schema: JSONValue, at path: String) throws(ConfigError) -> JSONValue {
        guard case .object(var object) = value, let rules = resolve(schema).objectValue else { return value }
        let properties = rules["properties"]?.objectValue ?? JSONObject()
        for required in rules["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where object[required] == nil {
            guard let property = properties[required], resolve(property)["airbyte_secret"] == .bool(true) else { continue }
            let fieldPath = "\(path).\(required)"
            let names = [Self.variableName(connector: connector, field: required), Self.variableName(field: required)]
            guard let secret = resolver.resolve(names, connector: connector, path: fieldPath) else {
                throw ConfigError(
                    .missingSecret, connector: connector,
                    message: """
                        the secret \(fieldPath) is required and the config has none. Add it to the config (as \
                        secret_reference::NAME to keep it out of the file), or set \(names.joined(separator: " or ")) \
                        in \(resolver.placesLookedIn).
                        """)
            }
            secrets.append(secret)
            object[required] = .string(secret)
        }
        for key in object.keys {
            if let property = properties[key] {
                object[key] = try filling(object[key]!, schema: property, at: "\(path).\(key)")
            }
        }
        var filled = JSONValue.object(object)
        for option in rules["allOf"]?.arrayValue ?? [] {
            filled = try filling(filled, schema: option, at: path)
        }
        for keyword in ["oneOf", "anyOf"] {
            let options = rules[keyword]?.arrayValue ?? []
            let chosen = options.filter { Self.matchesDiscriminators(object, option: resolve($0)) }
            if chosen.count == 1 { filled = try filling(filled, schema: chosen[0], at: path) }
        }
        return filled
    }

    /// Whether every `const` property of `option` has that value in `object`,
    /// and there is at least one: how Airbyte specs tell `oneOf` options apart.
    private static func matchesDiscriminators(_ object: JSONObject, option: JSONValue) -> Bool {
        guard let properties = option["properties"]?.objectValue else { return false }
        var any = false
        for (key, schema) in properties {
            guard let constant = schema["const"] ?? (schema["enum"]?.arrayValue?.count == 1 ? schema["enum"]?.arrayValue?[0] : nil) else {
                continue
            }
            guard object[key] == constant else { return false }
            any = true
        }
        return any
    }

    /// Follows a local `$ref` (`#/definitions/x`).
    private func resolve(_ schema: JSONValue) -> JSONValue {
        var current = schema
        var hops = 0
        while let reference = current["$ref"]?.stringValue, reference.hasPrefix("#"), hops < 32 {
            var target: JSONValue? = root
            for part in reference.dropFirst().split(separator: "/") {
                let key = part.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
                target = target?[key]
            }
            guard let target else { return current }
            current = target
            hops += 1
        }
        return current
    }

    /// `API_KEY` for the field `api_key`; `GITHUB_API_KEY` for it in `source-github`.
    package static func variableName(connector: String? = nil, field: String) -> String {
        var parts: [String] = []
        if let connector {
            var short = connector
            for prefix in ["source-", "destination-"] where short.hasPrefix(prefix) { short.removeFirst(prefix.count) }
            parts.append(short)
        }
        parts.append(field)
        return parts.joined(separator: "_").uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce(into: "") { $0.append($1) }
    }
}
