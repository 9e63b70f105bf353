import Foundation

/// Finds secrets by name, only where its creator says: in the variables it is
/// given, then in a `.env` file, then by asking (a prompt closure).
///
/// It resolves config values `secret_reference::NAME` (looking up `NAME`)
/// and secrets the source's specification requires but the config lacks (a
/// required field marked `airbyte_secret`, looked up as the connector's name
/// and the field's, upper-cased: `GITHUB_API_KEY`, then `API_KEY`).
///
/// ```swift
/// SecretResolver()                                              // looks nowhere: the config has every secret
/// SecretResolver(environment: ["API_KEY": "…"])
/// SecretResolver(environment: ProcessInfo.processInfo.environment, dotEnvPath: ".env", prompt: ask)
/// ```
///
/// A library never reads the process's environment, a file or the terminal on
/// its own: the application chooses (`swiftbyte` passes its environment,
/// `./.env` and, on a terminal, a prompt without echo).
public struct SecretResolver: Sendable {
    /// A request to type a secret in.
    public struct Prompt: Sendable {
        /// The connector asking.
        public var connector: String
        /// The first name looked up, such as `API_KEY`.
        public var name: String
        /// Where the config needs it, as JSONPath (`$.credentials.api_key`).
        public var path: String
    }

    /// The variables looked in first.
    public var environment: [String: String]
    /// The `.env` file looked in next; `nil` for none.
    public var dotEnvPath: String?
    /// Asks for a secret found nowhere else; `nil` (or a `nil` answer) means it is missing.
    public var prompt: (@Sendable (Prompt) -> String?)?

    /// A resolver looking in `environment`, then `dotEnvPath`, then asking
    /// `prompt`; each left out is not looked in.
    public init(
        environment: [String: String] = [:], dotEnvPath: String? = nil,
        prompt: (@Sendable (Prompt) -> String?)? = nil
    ) {
        self.environment = environment
        self.dotEnvPath = dotEnvPath
        self.prompt = prompt
    }

    /// Where a secret was looked for, for messages: "the environment, .env or
    /// the prompt".
    var placesLookedIn: String {
        var places: [String] = []
        if !environment.isEmpty { places.append("the environment") }
        if let dotEnvPath { places.append(dotEnvPath) }
        if prompt != nil { places.append("the prompt") }
        switch places.count {
        case 0: return "nowhere (this resolver was given no variables, no .env file and no prompt)"
        case 1: return places[0]
        default: return places.dropLast().joined(separator: ", ") + " or " + places.last!
        }
    }

    /// The first of `names` found, or what the prompt answers.
    func resolve(_ names: [String], connector: String, path: String) -> String? {
        for name in names {
            if let value = environment[name], !value.isEmpty { return value }
        }
        if let dotEnvPath {
            let variables = DotEnv.load(path: dotEnvPath)
            for name in names {
                if let value = variables[name], !value.isEmpty { return value }
            }
        }
        guard let prompt, let first = names.first else { return nil }
        return prompt(Prompt(connector: connector, name: first, path: path)).flatMap { $0.isEmpty ? nil : $0 }
    }
}
