import Foundation

/// Finds secrets by name: in environment variables, then in a `.env` file,
/// then by asking on the terminal.
///
/// It resolves config values `secret_reference::NAME` (looking up `NAME`)
/// and secrets the source's specification requires but the config lacks (a
/// required field marked `airbyte_secret`, looked up as the connector's name
/// and the field's, upper-cased: `GITHUB_API_KEY`, then `API_KEY`).
///
/// ```swift
/// SecretResolver.standard                                     // environment, ./.env, prompt on a terminal
/// SecretResolver(environment: ["API_KEY": "…"], dotEnvPath: nil, prompt: nil)
/// ```
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

    /// A resolver looking in `environment`, then `dotEnvPath`, then asking `prompt`.
    public init(environment: [String: String] = ProcessInfo.processInfo.environment, dotEnvPath: String? = ".env",
                prompt: (@Sendable (Prompt) -> String?)? = nil) {
        self.environment = environment
        self.dotEnvPath = dotEnvPath
        self.prompt = prompt
    }

    /// The process's environment, `.env` in the working directory, and a
    /// prompt (without echo) when stdin is a terminal.
    public static var standard: SecretResolver {
        SecretResolver(prompt: isatty(STDIN_FILENO) == 1 ? TerminalPrompt.ask : nil)
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

/// Reads a secret from the terminal with echo off.
enum TerminalPrompt {
    @Sendable static func ask(_ prompt: SecretResolver.Prompt) -> String? {
        FileHandle.standardError.write(Data("\(prompt.connector) needs the secret \(prompt.name) (\(prompt.path)): ".utf8))
        var original = termios()
        let canHide = tcgetattr(STDIN_FILENO, &original) == 0
        if canHide {
            var silent = original
            silent.c_lflag &= ~tcflag_t(ECHO)
            EmergencyCleanup.setTerminalToRestore(original)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        }
        defer {
            if canHide {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &original)
                EmergencyCleanup.setTerminalToRestore(nil)
            }
            FileHandle.standardError.write(Data("\n".utf8))
        }
        return readLine(strippingNewline: true)
    }
}
