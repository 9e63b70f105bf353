/// A stream's JSON schema does not describe an object, so its records cannot
/// have columns.
public struct StreamSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the schema describes instead.
    public var type: AirbyteType

    /// An error for a stream schema of type `type`.
    public init(type: AirbyteType) {
        self.type = type
    }

    public var description: String {
        "The stream's JSON schema must describe an object at the top level "
            + "(\"type\": \"object\" with \"properties\"), but it describes \(type). "
            + "The source's discovered catalog is wrong; re-run discover or fix the configured catalog."
    }
}
