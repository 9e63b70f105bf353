import AirbyteProtocol
import ConnectorKit
import Foundation
import Yams

/// Reads a ``ConfigInput`` into a JSON object.
enum ConfigLoader {
    static func load(_ input: ConfigInput, connector: String) throws(ConfigError) -> JSONValue {
        let value: JSONValue
        switch input {
        case .value(let given):
            value = given
        case .file(let path):
            guard let data = FileManager.default.contents(atPath: path) else {
                let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it does not exist"
                throw ConfigError(.unreadable, connector: connector, message: "the config file \(path) cannot be used: \(reason).")
            }
            let text = String(decoding: data, as: UTF8.self)
            let isYAML = path.hasSuffix(".yaml") || path.hasSuffix(".yml")
            value = try parse(text, preferYAML: isYAML, origin: "the config file \(path)", connector: connector)
        case .inline(let text):
            value = try parse(text, preferYAML: false, origin: "the inline config", connector: connector)
        }
        guard case .object = value else {
            throw ConfigError(.invalidSyntax, connector: connector, message: "a config must be an object ({…}).")
        }
        return value
    }

    /// JSON when the text looks like JSON (or `preferYAML` is false and it
    /// parses), YAML otherwise. Parse errors name a line, never the text.
    static func parse(_ text: String, preferYAML: Bool, origin: String, connector: String) throws(ConfigError) -> JSONValue {
        let trimmed = text.drop { $0.isWhitespace }
        if !preferYAML || trimmed.first == "{" {
            do {
                return try JSONValue(parsing: text)
            } catch {
                if trimmed.first == "{" || trimmed.first == "[" {
                    throw ConfigError(
                        .invalidSyntax, connector: connector,
                        message: "\(origin) is not valid JSON: \(error.reason) at line \(error.line), column \(error.column).")
                }
            }
        }
        do {
            guard let node = try Yams.compose(yaml: text) else { return .object(JSONObject()) }
            return try json(from: node)
        } catch let error as ConfigError {
            throw error
        } catch let error as YamlError {
            throw ConfigError(.invalidSyntax, connector: connector, message: "\(origin) is neither JSON nor YAML: \(yamlReason(error)).")
        } catch {
            throw ConfigError(.invalidSyntax, connector: connector, message: "\(origin) is neither JSON nor YAML.")
        }
    }

    /// A YAML node as JSON: mappings keep their order; scalars become what
    /// YAML's core schema makes them (null, booleans, integers, floats, strings).
    static func json(from node: Node) throws -> JSONValue {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(JSONValue.bool) ?? .string(scalar.string)
            case .int:
                if let int = node.int { return .number(String(int)) }
                return .string(scalar.string)
            case .float:
                if let double = node.float, double.isFinite { return .number(String(double)) }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case .mapping(let mapping):
            var object = JSONObject()
            for (key, value) in mapping {
                guard case .scalar(let keyScalar) = key else { throw YamlKeyError() }
                object[keyScalar.string] = try json(from: value)
            }
            return .object(object)
        case .sequence(let sequence):
            return .array(try sequence.map(json(from:)))
        case .alias:
            throw YamlKeyError()
        }
    }

    private struct YamlKeyError: Error {}

    private static func yamlReason(_ error: YamlError) -> String {
        // YamlError's description quotes the offending line, which may hold a secret: keep the problem and position only.
        switch error {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _):
            return "\(problem) at line \(mark.line), column \(mark.column)"
        default:
            return "it cannot be parsed"
        }
    }
}
