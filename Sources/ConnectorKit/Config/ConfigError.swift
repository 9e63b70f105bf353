import AirbyteProtocol

/// A source's configuration cannot be used: it cannot be read or parsed, a
/// secret it needs cannot be found, or it does not satisfy the source's
/// specification. Raised before the source is asked to do anything with it.
///
/// Messages never contain secret values.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// What kind of problem it is.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        let name: String
        /// The config file cannot be read.
        public static let unreadable = Code(name: "unreadable")
        /// The text is not valid JSON or YAML, or not an object.
        public static let invalidSyntax = Code(name: "invalidSyntax")
        /// A `secret_reference::NAME`, or a required secret, was found nowhere.
        public static let missingSecret = Code(name: "missingSecret")
        /// The config breaks the source's specification; ``ConfigError/problems`` lists how.
        public static let invalid = Code(name: "invalid")
        /// The code's name, such as `missingSecret`.
        public var description: String { name }
    }

    /// What kind of problem it is.
    public var code: Code
    /// The connector whose config it is.
    public var connector: String
    /// What is wrong and what to do.
    public var message: String
    /// For ``Code/invalid``: every way the config breaks the specification.
    public var problems: [ConfigProblem]

    package init(_ code: Code, connector: String, message: String, problems: [ConfigProblem] = []) {
        self.code = code
        self.connector = connector
        self.message = message
        self.problems = problems
    }

    /// The message, then one line per problem.
    public var description: String {
        (["The config of \(connector) cannot be used: \(message)"] + problems.map { "- \($0)" }).joined(separator: "\n")
    }
}
