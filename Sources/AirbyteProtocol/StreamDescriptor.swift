/// Names a stream: its name and, when the source uses them, its namespace.
/// `sales.users` and `public.users` are two streams; every table of streams,
/// states and counts in this package is keyed by descriptor, not by name.
///
/// Equality and hashing compare `name` and `namespace` only, so a descriptor can
/// key a dictionary of streams whatever unknown fields it carries; an empty
/// namespace is the same as none (sources and catalogs disagree on which to
/// write). A string literal is a descriptor without namespace: `"users"`.
public struct StreamDescriptor: Sendable, Hashable, CustomStringConvertible {
    /// The stream's name.
    public var name: String
    /// The stream's namespace (a schema, a database, …); `nil` when the source has none.
    public var namespace: String?
    /// Fields this library does not know, kept for re-serialization.
    public var unknownFields: JSONObject

    /// A descriptor for the stream `name` in `namespace`.
    public init(name: String, namespace: String? = nil, unknownFields: JSONObject = JSONObject()) {
        self.name = name
        self.namespace = namespace
        self.unknownFields = unknownFields
    }

    /// Decodes `{"name": …, "namespace": …}`.
    public init(json: JSONValue) throws(AirbyteDecodingError) {
        var decoder = try ObjectDecoder(json)
        name = try decoder.decode("name")
        namespace = try decoder.decodeIfPresent("namespace")
        unknownFields = decoder.unknownFields
    }

    /// The descriptor as JSON.
    public var json: JSONValue {
        var encoder = ObjectEncoder()
        encoder.encode("name", name)
        encoder.encode("namespace", namespace)
        return encoder.finish(with: unknownFields)
    }

    /// `namespace.name`, or `name` alone.
    public var description: String { namespace.map { "\($0).\(name)" } ?? name }

    /// Whether both name the same stream (unknown fields are not compared; an
    /// empty namespace equals none).
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.name == rhs.name && lhs.effectiveNamespace == rhs.effectiveNamespace
    }

    /// Hashes the name and namespace.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(effectiveNamespace)
    }

    /// The namespace, `nil` when absent or empty.
    public var effectiveNamespace: String? { namespace?.isEmpty == true ? nil : namespace }
}

extension StreamDescriptor: JSONConvertible {}

extension StreamDescriptor: ExpressibleByStringLiteral {
    /// The stream named `value`, without namespace.
    public init(stringLiteral value: String) {
        self.init(name: value)
    }
}
