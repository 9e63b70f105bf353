/// A configuration that does not satisfy its connector's specification, with
/// everything that is wrong with it. Report it as a `config_error`.
public struct ConfigValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Every problem found; never empty.
    public var problems: [ConfigProblem]

    /// An error for these problems.
    public init(problems: [ConfigProblem]) {
        self.problems = problems
    }

    /// One line per problem, after a summary.
    public var description: String {
        let count = problems.count == 1 ? "1 problem" : "\(problems.count) problems"
        return "The configuration does not match the connector's specification (\(count)):\n"
            + problems.map { "- \($0)" }.joined(separator: "\n")
    }
}
