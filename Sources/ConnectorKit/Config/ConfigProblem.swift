/// One way a configuration breaks its connector's specification.
///
/// ```swift
/// ConfigProblem(path: "$.credentials.password", message: "is required").description
/// // "$.credentials.password is required"
/// ```
///
/// Messages never contain a configuration's values, so they are safe to log
/// and to return to the user even when the value is a secret.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// Where the problem is, as JSONPath from the configuration's root (`$`).
    public var path: String
    /// What is wrong, phrased to follow the path: "is required", "must match pattern ^[a-z]+$".
    public var message: String

    /// A problem at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// The path followed by the message.
    public var description: String { "\(path) \(message)" }
}
